package dev.allframe.cqrs.impl.delivery;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.impl.store.EventDelivery;
import dev.allframe.cqrs.spi.StoredRecord;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires every stored event as a CDI event {@code EventEnvelope<PayloadType>} once it is committed:
 * inside a JTA transaction from an interposed synchronization after a successful commit (nothing
 * on rollback), otherwise right after the append. Events are read back first, so they carry their
 * global positions and commit timestamps and are upcasted like any read. Observers therefore see
 * no transaction; {@code @Observes(during = AFTER_SUCCESS)} and plain {@code @Observes} both work.
 * <p>
 * Events are found by their ids, searching the stream forward from the version the append
 * expected: inside a transaction an append with {@code ANY} may land later than it expected (a
 * concurrent transaction committed to the stream first), and an idempotent retry that a backend
 * could only recognise at commit wrote nothing at all. Only events that this append stored are
 * fired, each once.
 * <p>
 * An observer's exception is logged (ALLFRAME-0401) and does not stop delivery of the other events:
 * the events are committed already. Likewise an event that cannot be read (e.g. its schema version
 * has no upcaster here) is logged (ALLFRAME-0404) and the others are still delivered.
 */
public class CdiEventDelivery implements EventDelivery {
    private static final Logger LOG = Logger.getLogger(CdiEventDelivery.class.getName());
    private static final String KEY = CdiEventDelivery.class.getName() + ".pending";
    private static final int PAGE = 256;

    private final Optional<TransactionSynchronizationRegistry> jta;
    private final Consumer<EventEnvelope<?>> fire;

    /**
     * @param jta  the container's registry (empty outside a container)
     * @param fire fires one envelope (see {@link WeldFiring})
     */
    public CdiEventDelivery(Optional<TransactionSynchronizationRegistry> jta, Consumer<EventEnvelope<?>> fire) {
        this.jta = jta;
        this.fire = fire;
    }

    /** One append to deliver. */
    private record Appended(AppendResult result, List<UUID> ids) {
    }

    @Override
    public void appended(DefaultEventStore store, AppendResult result, List<UUID> ids) {
        Optional<TransactionSynchronizationRegistry> active = jta.filter(r -> r.getTransactionStatus() == Status.STATUS_ACTIVE);
        if (active.isEmpty()) {
            deliver(store, List.of(new Appended(result, ids)));
            return;
        }
        TransactionSynchronizationRegistry registry = active.get();
        Pending pending = (Pending) registry.getResource(KEY);
        if (pending == null) {
            pending = new Pending(store);
            registry.putResource(KEY, pending);
            registry.registerInterposedSynchronization(pending);
        }
        pending.appends.add(new Appended(result, ids));
    }

    /** The appends of one transaction, delivered after it commits. */
    private final class Pending implements Synchronization {
        final DefaultEventStore store;
        final List<Appended> appends = new ArrayList<>();

        Pending(DefaultEventStore store) {
            this.store = store;
        }

        @Override
        public void beforeCompletion() {
            // nothing: events are delivered after commit only
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) deliver(store, appends);
        }
    }

    private void deliver(DefaultEventStore store, List<Appended> appends) {
        for (Appended a : appends) {
            List<StoredRecord> records;
            try {
                records = stored(store, a);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "ALLFRAME-0402 committed events of '" + a.result().stream() + "' from v" + a.result().firstVersion()
                        + " could not be read back for CDI delivery; observers miss them (catch-up subscriptions do not)", e);
                continue;
            }
            for (StoredRecord r : records) {
                EventEnvelope<?> e;
                try {
                    e = store.serializer().deserialize(r);
                } catch (RuntimeException ex) {
                    LOG.log(Level.SEVERE, "ALLFRAME-0404 the committed event at position " + r.position() + " (stream '" + r.stream() + "' v"
                            + r.version() + ", type '" + r.type() + "' v" + r.schemaVersion() + ") cannot be read here, so no observer gets it: "
                            + ex.getMessage(), ex);
                    continue;
                }
                try {
                    fire.accept(e);
                } catch (RuntimeException ex) {
                    LOG.log(Level.SEVERE, "ALLFRAME-0401 an observer of " + e.type() + " (stream '" + e.stream() + "' v" + e.version()
                            + ", position " + e.position() + ") failed; the event is committed", ex);
                }
            }
        }
    }

    /**
     * The append's events as stored, in stream order: searched by id from the version the append
     * expected to its first event to the end of the stream. Ids not found were not written by
     * this append (an idempotent retry recognised at commit) and are not delivered.
     */
    private static List<StoredRecord> stored(DefaultEventStore store, Appended a) {
        Set<UUID> wanted = new HashSet<>(a.ids());
        List<StoredRecord> found = new ArrayList<>(a.ids().size());
        long from = Math.max(1, a.result().firstVersion());
        int page = Math.max(PAGE, a.ids().size());
        while (!wanted.isEmpty()) {
            List<StoredRecord> records = store.engine().read(a.result().stream(), ReadOptions.forwards().from(from).max(page));
            for (StoredRecord r : records) if (wanted.remove(r.id())) found.add(r);
            if (records.size() < page) break;
            from = records.get(records.size() - 1).version() + 1;
        }
        return found;
    }
}
