package dev.allframe.allsource.wal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Binary layout of WAL segments.
 * <pre>
 * segment header (32 bytes): magic "ALLSRCW1" | int format | int headerLength | long segmentSeq | int crc32c([0,24)) | int 0
 * record:  int length (whole record) | int crc32c(bytes [0,4) + [8,length)) | byte kind | byte flags | short 0 | body
 *   BATCH    int batchLength                       first record of every write; lets recovery tell a torn
 *                                                  tail (no later batch) from damage in the middle (a later batch)
 *   EVENT    long idHi | long idLo | long position | long version | long timestampMicros | int schemaVersion
 *            | u16 stream | u16 type | int metadata | int payload      (u16/int = length-prefixed bytes)
 *   PREPARE  u16 txId | int requests, each: u16 stream | long expected | int events, each:
 *            long idHi | long idLo | int schemaVersion | u16 type | int metadata | int payload
 *   COMMIT_TX u16 txId                             ends the group of EVENT records of a prepared transaction
 *   ROLLBACK_TX u16 txId
 *   SNAPSHOT u16 stream | long version | int state
 *   SKIP     zeros                                 bytes moved to quarantine
 * </pre>
 * Flag {@link #END}: the record closes an atomic group; records of an unfinished group are never applied.
 */
public final class WalFormat {
    public static final byte[] MAGIC = "ALLSRCW1".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT = 1;
    public static final int SEGMENT_HEADER = 32;
    public static final int RECORD_HEADER = 12;
    public static final int BATCH_RECORD = RECORD_HEADER + 4;

    public static final byte BATCH = 1, EVENT = 2, PREPARE = 3, COMMIT_TX = 4, ROLLBACK_TX = 5, SNAPSHOT = 6, SKIP = 7;
    public static final byte END = 1;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private WalFormat() {
    }

    public static int getInt(byte[] b, int off) { return (int) INT.get(b, off); }

    public static long getLong(byte[] b, int off) { return (long) LONG.get(b, off); }

    public static int getU16(byte[] b, int off) { return Short.toUnsignedInt((short) SHORT.get(b, off)); }

    static void putInt(byte[] b, int off, int v) { INT.set(b, off, v); }

    static void putLong(byte[] b, int off, long v) { LONG.set(b, off, v); }

    static void putShort(byte[] b, int off, int v) { SHORT.set(b, off, (short) v); }

    /** CRC of a record occupying {@code [off, off+length)} (the crc field itself excluded). */
    public static int recordCrc(byte[] b, int off, int length) {
        CRC32C c = new CRC32C();
        c.update(b, off, 4);
        c.update(b, off + 8, length - 8);
        return (int) c.getValue();
    }

    /** Whether a complete, checksum-valid record starts at {@code off} within {@code [0, limit)}. */
    public static boolean validRecordAt(byte[] b, int off, int limit) {
        if (off + RECORD_HEADER > limit) return false;
        int len = getInt(b, off);
        if (len < RECORD_HEADER || len > limit - off) return false;
        return recordCrc(b, off, len) == getInt(b, off + 4);
    }

    /** Writes a SKIP record of {@code length} bytes (body already zero) at {@code off}. */
    public static void putSkip(byte[] b, int off, int length) {
        putInt(b, off, length);
        b[off + 8] = SKIP;
        b[off + 9] = END;
        putInt(b, off + 4, recordCrc(b, off, length));
    }

    /** The 32-byte header of segment {@code seq}. */
    public static byte[] segmentHeader(long seq) {
        byte[] h = new byte[SEGMENT_HEADER];
        System.arraycopy(MAGIC, 0, h, 0, 8);
        putInt(h, 8, FORMAT);
        putInt(h, 12, SEGMENT_HEADER);
        putLong(h, 16, seq);
        CRC32C c = new CRC32C();
        c.update(h, 0, 24);
        putInt(h, 24, (int) c.getValue());
        return h;
    }

    /** Why {@code h} is not a valid header of segment {@code seq}, or null if it is. */
    public static String checkSegmentHeader(byte[] h, int length, long seq) {
        if (length < SEGMENT_HEADER) return "file shorter than the " + SEGMENT_HEADER + "-byte segment header";
        for (int i = 0; i < 8; i++)
            if (h[i] != MAGIC[i]) return "bad magic: not an AllSource WAL segment";
        if (getInt(h, 8) != FORMAT) return "unsupported segment format " + getInt(h, 8);
        CRC32C c = new CRC32C();
        c.update(h, 0, 24);
        if ((int) c.getValue() != getInt(h, 24)) return "segment header checksum mismatch";
        if (getLong(h, 16) != seq) return "header names segment " + getLong(h, 16) + " but file name says " + seq;
        return null;
    }

    /** Locator of a record: segment sequence number and byte offset packed in one long. */
    public static long locator(long seq, long offset) { return (seq << 40) | offset; }

    public static long locatorSegment(long locator) { return locator >>> 40; }

    public static long locatorOffset(long locator) { return locator & ((1L << 40) - 1); }

    public static String segmentName(long seq) { return String.format("%020d.wal", seq); }

    /** Sequence number of a segment file name, or -1 if the name is not a segment's. */
    public static long segmentSeq(String fileName) {
        if (!fileName.endsWith(".wal") || fileName.length() != 24) return -1;
        try {
            return Long.parseLong(fileName.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
