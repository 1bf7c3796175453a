package dev.allframe.cqrs.impl.store;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered event ids (UUID version 7 layout: 48-bit milliseconds, then random bits) made from
 * {@link ThreadLocalRandom}: unique for all practical purposes and far cheaper than
 * {@link UUID#randomUUID()}, whose SecureRandom dominates the cost of an in-memory append.
 */
public final class EventIds {
    private EventIds() {
    }

    public static UUID next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
