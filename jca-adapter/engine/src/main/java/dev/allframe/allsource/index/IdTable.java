package dev.allframe.allsource.index;

/**
 * Event id → global position, open addressing over a long array of positions; the ids
 * themselves live in the index's id columns. Writer-only (no concurrent access).
 */
final class IdTable {
    private long[] slots = new long[2048];
    private int size;
    private final LongColumn hi, lo;

    IdTable(LongColumn hi, LongColumn lo) {
        this.hi = hi;
        this.lo = lo;
    }

    /** Position of the event with this id, or 0. */
    long find(long h, long l) {
        long[] s = slots;
        long[] his = hi.array(), los = lo.array();
        int mask = s.length - 1;
        for (int i = hash(h, l) & mask; ; i = (i + 1) & mask) {
            long p = s[i];
            if (p == 0) return 0;
            if (his[(int) p] == h && los[(int) p] == l) return p;
        }
    }

    /** Adds position {@code p} holding id {@code (h, l)} (also stored in the columns). */
    void add(long p, long h, long l) {
        if ((size + 1) * 2 > slots.length) grow();
        insert(slots, p, h, l);
        size++;
    }

    private void insert(long[] s, long p, long h, long l) {
        int mask = s.length - 1;
        int i = hash(h, l) & mask;
        while (s[i] != 0) i = (i + 1) & mask;
        s[i] = p;
    }

    private void grow() {
        long[] n = new long[slots.length * 2];
        for (long p : slots) if (p != 0) insert(n, p, hi.get(p), lo.get(p));
        slots = n;
    }

    private static int hash(long h, long l) {
        long x = h ^ (l * 0x9E3779B97F4A7C15L);
        return (int) (x ^ (x >>> 29) ^ (x >>> 47));
    }
}
