package dev.allframe.cqrs.impl.delivery;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.impl.store.EventDelivery;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires every stored event as a CDI event {@code EventEnvelope<PayloadType>} once it is committed:
 * inside a JTA transaction from an interposed synchronization after a successful commit (nothing
 * on rollback), otherwise right after the append. Events are read back first, so they carry their
 * global positions and commit timestamps and are upcasted like any read. Observers therefore see
 * no transaction; {@code @Observes(during = AFTER_SUCCESS)} and plain {@code @Observes} both work.
 * An observer's exception is logged (ALLFRAME-0401) and does not stop delivery of the other events:
 * the events are committed already.
 */
public class CdiEventDelivery implements EventDelivery {
    private static final Logger LOG = Logger.getLogger(CdiEventDelivery.class.getName());
    private static final String KEY = CdiEventDelivery.class.getName() + ".pending";

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

    @Override
    public void appended(EventStore store, AppendResult result) {
        Optional<TransactionSynchronizationRegistry> active = jta.filter(r -> r.getTransactionStatus() == Status.STATUS_ACTIVE);
        if (active.isEmpty()) {
            deliver(store, List.of(result));
            return;
        }
        TransactionSynchronizationRegistry registry = active.get();
        Pending pending = (Pending) registry.getResource(KEY);
        if (pending == null) {
            pending = new Pending(store);
            registry.putResource(KEY, pending);
            registry.registerInterposedSynchronization(pending);
        }
        pending.results.add(result);
    }

    /** The appends of one transaction, delivered after it commits. */
    private final class Pending implements Synchronization {
        final EventStore store;
        final List<AppendResult> results = new ArrayList<>();

        Pending(EventStore store) {
            this.store = store;
        }

        @Override
        public void beforeCompletion() {
            // nothing: events are delivered after commit only
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) deliver(store, results);
        }
    }

    private void deliver(EventStore store, List<AppendResult> results) {
        for (AppendResult r : results) {
            List<EventEnvelope<?>> events;
            try {
                events = store.read(r.stream(), ReadOptions.forwards().from(r.firstVersion())
                        .max((int) (r.lastVersion() - r.firstVersion() + 1)));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "ALLFRAME-0402 committed events of '" + r.stream() + "' v" + r.firstVersion() + ".." + r.lastVersion()
                        + " could not be read back for CDI delivery; observers miss them (catch-up subscriptions do not)", e);
                continue;
            }
            for (EventEnvelope<?> e : events) {
                try {
                    fire.accept(e);
                } catch (RuntimeException ex) {
                    LOG.log(Level.SEVERE, "ALLFRAME-0401 an observer of " + e.type() + " (stream '" + e.stream() + "' v" + e.version()
                            + ", position " + e.position() + ") failed; the event is committed", ex);
                }
            }
        }
    }
}
