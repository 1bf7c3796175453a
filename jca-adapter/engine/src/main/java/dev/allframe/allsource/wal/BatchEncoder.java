package dev.allframe.allsource.wal;

import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.EventData;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static dev.allframe.allsource.wal.WalFormat.*;

/**
 * Encodes the records of one write (a batch) into a reusable buffer. Not thread-safe: owned by the
 * log writer. Every batch starts with a {@link WalFormat#BATCH} record.
 */
public final class BatchEncoder {
    private byte[] buf = new byte[1 << 16];
    private int len;
    private int recordStart = -1;
    private String lastType;
    private byte[] lastTypeBytes;

    /** Starts a new batch (writes the BATCH record placeholder). */
    public void reset() {
        len = 0;
        int s = begin(BATCH, END);
        putI(0);
        end(s);
    }

    /** Bytes encoded so far. */
    public int size() {
        return len;
    }

    /** Whether the batch holds records besides its BATCH header. */
    public boolean hasRecords() {
        return len > BATCH_RECORD;
    }

    /** Rolls back to {@code mark} (a value of {@link #size()}), dropping records encoded after it. */
    public void truncate(int mark) {
        len = mark;
    }

    /** Fills the BATCH header and returns a buffer over the batch bytes. */
    public ByteBuffer finish() {
        putInt(buf, RECORD_HEADER, len);
        putInt(buf, 4, recordCrc(buf, 0, BATCH_RECORD));
        return ByteBuffer.wrap(buf, 0, len);
    }

    /** Encodes one EVENT record; returns its offset within the batch. */
    public int event(EventData e, byte[] stream, long position, long version, long ts, boolean last) {
        if (e.type() != lastType) {
            lastType = e.type();
            lastTypeBytes = lastType.getBytes(StandardCharsets.UTF_8);
        }
        byte[] type = lastTypeBytes;
        ensure(RECORD_HEADER + 56 + stream.length + type.length + e.metadata().length + e.payload().length);
        int s = begin(EVENT, last ? END : 0);
        putL(e.id().getMostSignificantBits());
        putL(e.id().getLeastSignificantBits());
        putL(position);
        putL(version);
        putL(ts);
        putI(e.schemaVersion());
        putShortBytes(stream);
        putShortBytes(type);
        putIntBytes(e.metadata());
        putIntBytes(e.payload());
        end(s);
        return s;
    }

    /** Encodes a PREPARE record holding the whole transaction. */
    public void prepare(String txId, List<AppendRequest> requests) {
        int s = begin(PREPARE, END);
        putShortBytes(txId.getBytes(StandardCharsets.UTF_8));
        putI(requests.size());
        for (AppendRequest r : requests) {
            putShortBytes(r.stream().getBytes(StandardCharsets.UTF_8));
            putL(r.expectedVersion());
            putI(r.events().size());
            for (EventData e : r.events()) {
                putL(e.id().getMostSignificantBits());
                putL(e.id().getLeastSignificantBits());
                putI(e.schemaVersion());
                putShortBytes(e.type().getBytes(StandardCharsets.UTF_8));
                putIntBytes(e.metadata());
                putIntBytes(e.payload());
            }
        }
        end(s);
    }

    /** Encodes a COMMIT_TX or ROLLBACK_TX record. */
    public void decision(byte kind, String txId) {
        int s = begin(kind, END);
        putShortBytes(txId.getBytes(StandardCharsets.UTF_8));
        end(s);
    }

    /** Encodes a SNAPSHOT record; returns its offset within the batch. */
    public int snapshot(String stream, long version, byte[] state) {
        int s = begin(SNAPSHOT, END);
        putShortBytes(stream.getBytes(StandardCharsets.UTF_8));
        putL(version);
        putIntBytes(state);
        end(s);
        return s;
    }

    private int begin(byte kind, int flags) {
        if (recordStart >= 0) throw new IllegalStateException("record not ended");
        ensure(RECORD_HEADER);
        recordStart = len;
        buf[len + 8] = kind;
        buf[len + 9] = (byte) flags;
        buf[len + 10] = 0;
        buf[len + 11] = 0;
        len += RECORD_HEADER;
        return recordStart;
    }

    private void end(int start) {
        int length = len - start;
        putInt(buf, start, length);
        putInt(buf, start + 4, recordCrc(buf, start, length));
        recordStart = -1;
    }

    private void putL(long v) {
        ensure(8);
        putLong(buf, len, v);
        len += 8;
    }

    private void putI(int v) {
        ensure(4);
        putInt(buf, len, v);
        len += 4;
    }

    private void putShortBytes(byte[] b) {
        if (b.length > 0xFFFF) throw new IllegalArgumentException("name longer than 65535 UTF-8 bytes");
        ensure(2 + b.length);
        putShort(buf, len, b.length);
        System.arraycopy(b, 0, buf, len + 2, b.length);
        len += 2 + b.length;
    }

    private void putIntBytes(byte[] b) {
        ensure(4 + b.length);
        putInt(buf, len, b.length);
        System.arraycopy(b, 0, buf, len + 4, b.length);
        len += 4 + b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
}
