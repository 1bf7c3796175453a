package dev.allframe.allsource.index;

import java.util.Arrays;

/** Growable reference array with the publication rules of {@link LongColumn}. */
public final class RefColumn<T> {
    private volatile Object[] a;

    public RefColumn(int capacity) {
        a = new Object[Math.max(capacity, 8)];
    }

    @SuppressWarnings("unchecked")
    public T get(long i) {
        Object[] x = a;
        return i < x.length ? (T) x[(int) i] : null;
    }

    public void set(long index, T v) {
        int i = Math.toIntExact(index);
        Object[] x = a;
        if (i >= x.length) {
            x = Arrays.copyOf(x, Math.max(x.length * 2, i + 1));
            x[i] = v;
            a = x;
        } else {
            x[i] = v;
        }
    }
}
