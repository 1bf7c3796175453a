package dev.allframe.allsource.index;

import java.util.Arrays;

/** Growable int array with the publication rules of {@link LongColumn}. */
public final class IntColumn {
    private volatile int[] a;

    public IntColumn(int capacity) {
        a = new int[Math.max(capacity, 8)];
    }

    public int get(long i) {
        return a[(int) i];
    }

    public int[] array() {
        return a;
    }

    public void set(long index, int v) {
        int i = Math.toIntExact(index);
        int[] x = a;
        if (i >= x.length) {
            x = Arrays.copyOf(x, Math.max(x.length * 2, i + 1));
            x[i] = v;
            a = x;
        } else {
            x[i] = v;
        }
    }
}
