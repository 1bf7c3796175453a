package dev.allframe.allsource.recovery;

import dev.allframe.allsource.wal.RecordReader;
import dev.allframe.allsource.wal.WalFormat;

import java.util.Arrays;

/**
 * Walks the records of one segment held in memory, validating each (length, CRC32C, kind) and
 * handing complete atomic groups to a {@link GroupSink}. It only reads: repairs are the
 * caller's decision.
 */
public final class SegmentScanner {

    /** Receives each complete group: record offsets within {@code data}. */
    public interface GroupSink {
        void group(byte[] data, int[] offsets, int count);
    }

    private int[] group = new int[64];

    /** Scans {@code data[from, size)}; {@code from} must be a record boundary. */
    public ScanResult scan(byte[] data, int size, int from, GroupSink sink) {
        int off = from, groupStart = from, n = 0;
        while (true) {
            if (off == size) {
                return n == 0 ? clean(off) : new ScanResult(ScanResult.Status.TORN, groupStart, off, size,
                        "log ends inside an atomic group");
            }
            if (off + WalFormat.RECORD_HEADER > size) return broken(data, size, off, groupStart, n, "record header cut short");
            int len = WalFormat.getInt(data, off);
            if (len == 0) return broken(data, size, off, groupStart, n, null);
            String why = invalid(data, off, size, len);
            if (why != null) return broken(data, size, off, groupStart, n, why);
            byte kind = RecordReader.kind(data, off);
            if (kind == WalFormat.BATCH && n > 0) {
                return new ScanResult(ScanResult.Status.CORRUPT, groupStart, off, off,
                        "atomic group not closed before the next batch");
            }
            if (kind == WalFormat.SKIP || kind == WalFormat.BATCH) {
                if (n > 0) n = 0; // a quarantined hole ends an unfinished group
                off += len;
                if (n == 0) groupStart = off;
                continue;
            }
            if (n == group.length) group = Arrays.copyOf(group, n * 2);
            group[n++] = off;
            off += len;
            if (RecordReader.ends(data, group[n - 1])) {
                sink.group(data, group, n);
                n = 0;
                groupStart = off;
            }
        }
    }

    private static String invalid(byte[] data, int off, int size, int len) {
        if (len < WalFormat.RECORD_HEADER) return "bad record length " + len;
        if (len > size - off) return "record length " + len + " runs past the end of the segment";
        if (WalFormat.recordCrc(data, off, len) != WalFormat.getInt(data, off + 4)) return "record checksum mismatch";
        byte kind = RecordReader.kind(data, off);
        if (kind < WalFormat.BATCH || kind > WalFormat.SKIP) return "unknown record kind " + kind;
        return null;
    }

    private ScanResult clean(int off) {
        return new ScanResult(ScanResult.Status.CLEAN, off, off, off, null);
    }

    private ScanResult broken(byte[] data, int size, int off, int groupStart, int pending, String why) {
        int next = nextBatch(data, size, why == null ? off : off + 1);
        if (next >= 0) {
            return new ScanResult(ScanResult.Status.CORRUPT, groupStart, off, next,
                    why == null ? "zeroed bytes inside the log" : why);
        }
        int dataEnd = lastNonZero(data, off, size);
        if (pending == 0 && dataEnd <= off) return clean(off);
        return new ScanResult(ScanResult.Status.TORN, groupStart, off, Math.max(dataEnd, off),
                why == null ? "log ends inside an atomic group" : why);
    }

    /** Offset of the first checksum-valid BATCH record at or after {@code from}, or -1. */
    static int nextBatch(byte[] data, int size, int from) {
        for (int o = from; o + WalFormat.BATCH_RECORD <= size; o++) {
            if (data[o + 3] != WalFormat.BATCH_RECORD || data[o + 8] != WalFormat.BATCH) continue;
            if (WalFormat.getInt(data, o) == WalFormat.BATCH_RECORD && WalFormat.validRecordAt(data, o, size)) return o;
        }
        return -1;
    }

    /** One past the last non-zero byte in {@code [from, size)}, or {@code from} if all are zero. */
    static int lastNonZero(byte[] data, int from, int size) {
        int i = size;
        while (i - 8 >= from && WalFormat.getLong(data, i - 8) == 0) i -= 8;
        while (i > from && data[i - 1] == 0) i--;
        return i;
    }
}
