package dev.allframe.allsource.index;

import dev.allframe.allsource.StoredEvent;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decoded events by global position, in chunks of {@value #CHUNK} positions. In memory mode it
 * is the store itself (unbounded); for a durable store it caches the most recently written or
 * read chunks, up to a bound, evicting the oldest chunk first. Lock-free: a lost race only costs
 * a later cache miss.
 */
public final class EventCache {
    public static final int SHIFT = 10;
    public static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private volatile StoredEvent[][] chunks = new StoredEvent[16][];
    private final int maxChunks;
    private final AtomicInteger live = new AtomicInteger();
    private final ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();

    /** @param maxChunks most chunks kept, or {@code Integer.MAX_VALUE} for no eviction */
    public EventCache(int maxChunks) {
        this.maxChunks = maxChunks;
    }

    /** The cached event at {@code position}, or null. */
    public StoredEvent get(long position) {
        StoredEvent[][] c = chunks;
        int ci = (int) (position >>> SHIFT);
        if (ci >= c.length) return null;
        StoredEvent[] chunk = c[ci];
        return chunk == null ? null : chunk[(int) position & MASK];
    }

    /** Current chunk directory, for loops that read many positions. */
    public StoredEvent[][] chunks() {
        return chunks;
    }

    public void put(long position, StoredEvent e) {
        int ci = (int) (position >>> SHIFT);
        StoredEvent[][] c = chunks;
        if (ci >= c.length) c = grow(ci);
        StoredEvent[] chunk = c[ci];
        if (chunk == null) {
            chunk = new StoredEvent[CHUNK];
            c[ci] = chunk;
            if (maxChunks != Integer.MAX_VALUE) {
                order.add(ci);
                if (live.incrementAndGet() > maxChunks) evictOne(ci);
            }
        }
        chunk[(int) position & MASK] = e;
    }

    private synchronized StoredEvent[][] grow(int ci) {
        StoredEvent[][] c = chunks;
        if (ci < c.length) return c;
        StoredEvent[][] n = java.util.Arrays.copyOf(c, Math.max(c.length * 2, ci + 1));
        chunks = n;
        return n;
    }

    private void evictOne(int keep) {
        Integer victim = order.poll();
        if (victim == null) return;
        if (victim == keep) {
            order.add(victim);
            return;
        }
        chunks[victim] = null;
        live.decrementAndGet();
    }
}
