package dev.allframe.allsource.index;

/**
 * Event id → global position, open addressing over a long array. A slot holds the position (low
 * 40 bits) and a 23-bit fingerprint of the id (high bits), so a probe touches the id columns only
 * when the fingerprint matches: a lookup of a new id costs about one cache miss even when the
 * table is far larger than the caches. One writer; other threads may look up with
 * {@link #find} (slots are written with release semantics, growing swaps in a filled
 * copy), which may miss ids added while it runs but never answers a wrong position.
 */
final class IdTable {
    private static final long POSITION = (1L << 40) - 1;
    private volatile long[] slots;
    private static final java.lang.invoke.VarHandle SLOT = java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);
    private int size;
    private final EventIndex index; // the ids by position

    /** @param initialSlots a power of two */
    IdTable(EventIndex index, int initialSlots) {
        this.index = index;
        this.slots = new long[initialSlots];
    }

    /** Adds position {@code p} holding id {@code (h, l)} (also stored in the index's columns or events). */
    void add(long p, long h, long l) {
        if ((size + 1) * 2 > slots.length) grow();
        insert(slots, p, mix(h, l));
        size++;
    }

    /**
     * Position of the event with this id, or 0, from any thread (acquire loads: plain loads on x86);
     * a reader checks that the position is published before trusting the ids it read for it.
     */
    long find(long h, long l) {
        long[] s = slots;
        int mask = s.length - 1;
        long x = mix(h, l);
        long fp = fingerprint(x);
        for (int i = (int) x & mask; ; i = (i + 1) & mask) {
            long v = (long) SLOT.getAcquire(s, i);
            if (v == 0) return 0;
            if ((v & ~POSITION) == fp) {
                long p = v & POSITION;
                if (index.idHiAt(p) == h && index.idLoAt(p) == l) return p;
            }
        }
    }

    private static void insert(long[] s, long p, long x) {
        int mask = s.length - 1;
        int i = (int) x & mask;
        while (s[i] != 0) i = (i + 1) & mask;
        SLOT.setRelease(s, i, fingerprint(x) | p); // after the ids of p were stored (index columns or events)
    }

    private void grow() {
        long[] n = new long[slots.length * 2];
        for (long v : slots) {
            if (v == 0) continue;
            long p = v & POSITION;
            insert(n, p, mix(index.idHiAt(p), index.idLoAt(p)));
        }
        slots = n;
    }

    /**
     * A hash of the id in which every bit of both halves reaches the low bits (the slot) and the high
     * bits (the fingerprint): {@code h ^ l * golden ratio}, folded, multiplied, folded (two multiplies,
     * like fmix64 without its third round). Ids that differ only in a few high bits (UUIDv7 whose
     * rand_b is a counter, hand-made ids) must not share a slot.
     */
    static long mix(long h, long l) {
        long x = h ^ (l * 0x9E3779B97F4A7C15L);
        x ^= x >>> 32; // high bits down before the multiply (which carries low bits up only)
        x *= 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 31);
    }

    private static long fingerprint(long x) {
        return (x >>> 41) << 40;
    }
}
