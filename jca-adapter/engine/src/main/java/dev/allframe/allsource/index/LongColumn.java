package dev.allframe.allsource.index;

import java.util.Arrays;

/**
 * A growable array of longs written by one thread and read by many. Slots are written before
 * they are published (through a volatile position elsewhere); growing copies the array, so a
 * reader holding an older array still sees every value published before it read that position.
 */
public final class LongColumn {
    private volatile long[] a;

    public LongColumn(int capacity) {
        a = new long[Math.max(capacity, 8)];
    }

    public long get(long i) {
        return a[(int) i];
    }

    /** The current backing array (read-only use; values beyond the published limit are unspecified). */
    public long[] array() {
        return a;
    }

    public void set(long index, long v) {
        int i = Math.toIntExact(index);
        long[] x = a;
        if (i >= x.length) {
            x = Arrays.copyOf(x, Math.max(x.length * 2, i + 1));
            x[i] = v;
            a = x;
        } else {
            x[i] = v;
        }
    }
}
