package dev.allframe.cqrs.impl.subscription;

import dev.allframe.cqrs.CatchUpSubscriptions;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.spi.CheckpointStorage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Catch-up over {@link EventStore#readAll}: reads pages from checkpoint + 1 and checks that each
 * event's position is exactly the next one, so a position is never skipped (the backends'
 * global log is gap-free; if one ever were not, the subscription stops with ALLFRAME-0601 instead
 * of skipping). Events of AllFrame's own streams ({@link DefaultEventStore#RESERVED_STREAM_PREFIX})
 * advance the checkpoint without reaching the handler. One runner per subscription name at a time
 * in this JVM.
 */
public class DefaultCatchUpSubscriptions implements CatchUpSubscriptions {
    private final EventStore store;
    private final CheckpointStorage checkpoints;
    private final int batchSize;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    public DefaultCatchUpSubscriptions(EventStore store, CheckpointStorage checkpoints, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
        this.store = store;
        this.checkpoints = checkpoints;
        this.batchSize = batchSize;
    }

    @Override
    public long catchUp(String subscription, Consumer<EventEnvelope<?>> handler) {
        requireName(subscription);
        ReentrantLock lock = running.computeIfAbsent(subscription, k -> new ReentrantLock());
        lock.lock();
        try {
            long checkpoint = checkpoints.load(subscription);
            while (true) {
                List<EventEnvelope<?>> page = store.readAll(checkpoint + 1, batchSize);
                if (page.isEmpty()) return checkpoint;
                long handled = checkpoint;
                try {
                    for (EventEnvelope<?> e : page) {
                        if (e.position() != handled + 1)
                            throw new EventStoreException("ALLFRAME-0601 subscription '" + subscription + "' expected position " + (handled + 1)
                                    + " but the store returned " + e.position() + "; stopping instead of skipping a position");
                        if (!e.stream().startsWith(DefaultEventStore.RESERVED_STREAM_PREFIX)) handler.accept(e);
                        handled = e.position();
                    }
                } finally {
                    if (handled != checkpoint) checkpoints.save(subscription, handled);
                }
                checkpoint = handled;
                if (page.size() < batchSize) return checkpoint;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long checkpoint(String subscription) {
        requireName(subscription);
        return checkpoints.load(subscription);
    }

    @Override
    public void reset(String subscription, long position) {
        requireName(subscription);
        if (position < 0) throw new IllegalArgumentException("position must be >= 0, was " + position);
        checkpoints.save(subscription, position);
    }

    private static void requireName(String subscription) {
        if (subscription == null || subscription.isBlank()) throw new IllegalArgumentException("subscription name must not be blank");
        if (subscription.length() > 255) throw new IllegalArgumentException("subscription name longer than 255 characters");
    }
}
