package dev.allframe.cqrs.impl.store;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered event ids (UUID version 7 layout: 48-bit milliseconds, a counter in the next bits,
 * then random bits), each greater than every id this JVM handed out before, made from
 * {@link ThreadLocalRandom}: far cheaper than {@link UUID#randomUUID()}, whose SecureRandom dominates
 * the cost of an in-memory append. Increasing ids also keep a store's id index cheap: AllSource needs
 * no lookup for an id above every stored one, and a database appends to the right edge of its index.
 * The same layout as the engine's {@code dev.allframe.allsource.EventIds} (this module does not
 * depend on the engine).
 */
public final class EventIds {
    /** 42 bits of milliseconds (until the year 2109) + 22 bits of counter in one long. */
    private static final int COUNTER_BITS = 22;
    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;
    private static final AtomicLong LAST = new AtomicLong();

    private EventIds() {
    }

    /** A new id, greater (as unsigned 128-bit number) than every id this JVM handed out before. */
    public static UUID next() {
        long now = System.currentTimeMillis() << COUNTER_BITS;
        long prev, stamp;
        do {
            prev = LAST.get();
            stamp = Math.max(prev + 1, now);
        } while (!LAST.compareAndSet(prev, stamp));
        long counter = stamp & COUNTER_MASK;
        long msb = ((stamp >>> COUNTER_BITS) << 16) | 0x7000L | (counter >>> 10);
        long lsb = 0x8000_0000_0000_0000L | ((counter & 0x3FFL) << 52)
                | (ThreadLocalRandom.current().nextLong() & ((1L << 52) - 1));
        return new UUID(msb, lsb);
    }
}
