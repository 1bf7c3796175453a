package dev.allframe.cqrs.impl.subscription;

import dev.allframe.cqrs.CatchUpSubscriptions;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.spi.CheckpointStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Catch-up over {@link EventStore#readAll}: reads pages from checkpoint + 1 and checks that each
 * event's position is exactly the next one, so a position is never skipped (the backends'
 * global log is gap-free; if one ever were not, the subscription stops with ALLFRAME-0601 instead
 * of skipping). An event the application cannot read (ALLFRAME-0602) stops it the same way, right
 * before that event, after handling the ones before it. Events of AllFrame's own streams ({@link DefaultEventStore#RESERVED_STREAM_PREFIX})
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
                Page page = read(subscription, checkpoint);
                if (page.events().isEmpty() && page.stop() != null) throw page.stop();
                if (page.events().isEmpty()) return checkpoint;
                long handled = checkpoint;
                try {
                    for (EventEnvelope<?> e : page.events()) {
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
                if (page.stop() != null) throw page.stop();
                if (page.events().size() < batchSize) return checkpoint;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Events to handle, and the error to stop with after them (null: none). */
    private record Page(List<EventEnvelope<?>> events, EventStoreException stop) {
    }

    /**
     * The next page after {@code checkpoint}. If it cannot be read (e.g. an event of a schema
     * version this application has no upcaster for), the events before the first unreadable one,
     * and an error naming the subscription and that event's position: the subscription handles
     * everything up to it, stops there and resumes there once the event can be read.
     */
    private Page read(String subscription, long checkpoint) {
        try {
            return new Page(store.readAll(checkpoint + 1, batchSize), null);
        } catch (EventStoreException pageFailed) {
            List<EventEnvelope<?>> readable = new ArrayList<>();
            for (long p = checkpoint + 1; readable.size() < batchSize; p++) {
                try {
                    List<EventEnvelope<?>> one = store.readAll(p, 1);
                    if (one.isEmpty()) break;
                    readable.add(one.get(0));
                } catch (EventStoreException e) {
                    return new Page(readable, new EventStoreException("ALLFRAME-0602 subscription '" + subscription + "' stopped before position "
                            + p + ", which it cannot read: " + e.getMessage() + ". Its checkpoint stays at " + (p - 1)
                            + "; it resumes there once the application can read that event (e.g. with the @Event class or @Upcaster it needs)", e));
                }
            }
            return new Page(readable, null);
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
