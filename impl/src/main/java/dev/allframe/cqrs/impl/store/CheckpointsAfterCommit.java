package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.spi.CheckpointStorage;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a checkpoint storage that is not transactional behave as if it were: a checkpoint saved
 * inside an active JTA transaction is seen by that transaction at once, stored when it commits and
 * forgotten when it rolls back. A handler that updates a read model in the transaction and rolls
 * back is therefore fed the same events again, instead of having them skipped. Outside a
 * transaction saves go straight through.
 */
public final class CheckpointsAfterCommit implements CheckpointStorage {
    private static final Logger LOG = Logger.getLogger(CheckpointsAfterCommit.class.getName());

    private final CheckpointStorage stored;
    private final Optional<TransactionSynchronizationRegistry> jta;
    private final Object key = new Object();

    public CheckpointsAfterCommit(CheckpointStorage stored, Optional<TransactionSynchronizationRegistry> jta) {
        this.stored = stored;
        this.jta = jta;
    }

    @Override
    public long load(String subscription) {
        Long pending = pending(false).map(p -> p.positions.get(subscription)).orElse(null);
        return pending != null ? pending : stored.load(subscription);
    }

    @Override
    public void save(String subscription, long position) {
        Optional<Pending> pending = pending(true);
        if (pending.isPresent()) pending.get().positions.put(subscription, position);
        else stored.save(subscription, position);
    }

    private Optional<Pending> pending(boolean create) {
        Optional<TransactionSynchronizationRegistry> active = jta.filter(r -> r.getTransactionStatus() == Status.STATUS_ACTIVE);
        if (active.isEmpty()) return Optional.empty();
        TransactionSynchronizationRegistry registry = active.get();
        Pending p = (Pending) registry.getResource(key);
        if (p == null && create) {
            p = new Pending();
            registry.putResource(key, p);
            registry.registerInterposedSynchronization(p);
        }
        return Optional.ofNullable(p);
    }

    /** The checkpoints one transaction saved, stored after it commits. */
    private final class Pending implements Synchronization {
        final Map<String, Long> positions = new LinkedHashMap<>();

        @Override
        public void beforeCompletion() {
            // nothing: stored after commit only
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) return;
            positions.forEach((subscription, position) -> {
                try {
                    stored.save(subscription, position);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "ALLFRAME-0603 the checkpoint " + position + " of subscription '" + subscription
                            + "' could not be stored after its transaction committed; the subscription will be fed the events"
                            + " after its previous checkpoint again", e);
                }
            });
        }
    }
}
