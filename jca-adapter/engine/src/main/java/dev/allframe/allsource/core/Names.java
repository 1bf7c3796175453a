package dev.allframe.allsource.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes UTF-8 names (streams, types) found in the log, reusing one String per distinct name so
 * that recovery allocates nothing per event for names it has seen before.
 */
final class Names {
    private byte[][] keys = new byte[1024][];
    private String[] values = new String[1024];
    private int size;

    String decode(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                byte[] copy = Arrays.copyOfRange(b, off, off + len);
                String s = new String(copy, StandardCharsets.UTF_8);
                keys[i] = copy;
                values[i] = s;
                if (++size * 2 > keys.length) grow();
                return s;
            }
            if (k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) return values[i];
        }
    }

    private void grow() {
        byte[][] ok = keys;
        String[] ov = values;
        keys = new byte[ok.length * 2][];
        values = new String[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] == null) continue;
            int i = hash(ok[j], 0, ok[j].length) & mask;
            while (keys[i] != null) i = (i + 1) & mask;
            keys[i] = ok[j];
            values[i] = ov[j];
        }
    }

    private static int hash(byte[] b, int off, int len) {
        int h = 1;
        for (int i = off, end = off + len; i < end; i++) h = 31 * h + b[i];
        return h ^ (h >>> 16);
    }
}
