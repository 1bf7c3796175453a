package dev.allframe.allsource.wal;

import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.CorruptLogException;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.io.FileIO;
import dev.allframe.allsource.io.LogFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of one WAL directory: creation (preallocated, via a temp file and an atomic
 * rename), rotation, and random reads of single records by locator.
 */
public final class SegmentManager implements AutoCloseable {
    private static final int ZERO_CHUNK = 1 << 20;
    private final Path dir;
    private final FileIO io;
    private final long segmentSize;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ThreadLocal<byte[]> readBuffers = ThreadLocal.withInitial(() -> new byte[4096]);

    public SegmentManager(Path dir, FileIO io, long segmentSize) {
        this.dir = dir;
        this.io = io;
        this.segmentSize = segmentSize;
    }

    public Path directory() { return dir; }

    public void add(Segment s) { segments.put(s.seq(), s); }

    /** The segment being written (highest sequence number), or null if there is none. */
    public Segment active() {
        var e = segments.lastEntry();
        return e == null ? null : e.getValue();
    }

    public List<Segment> all() { return new ArrayList<>(segments.values()); }

    public int count() { return segments.size(); }

    public Segment get(long seq) { return segments.get(seq); }

    /** Creates, preallocates (zeros) and syncs segment {@code seq}, then makes it visible by rename. */
    public Segment create(long seq) throws IOException {
        Path target = dir.resolve(WalFormat.segmentName(seq));
        Path tmp = dir.resolve(WalFormat.segmentName(seq) + ".tmp");
        try (LogFile f = io.open(tmp, true)) {
            f.truncate(0);
            f.write(ByteBuffer.wrap(WalFormat.segmentHeader(seq)), 0);
            ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
            for (long at = WalFormat.SEGMENT_HEADER; at < segmentSize; at += ZERO_CHUNK) {
                zeros.clear().limit((int) Math.min(ZERO_CHUNK, segmentSize - at));
                f.write(zeros, at);
            }
            f.force(true);
        }
        io.moveAtomically(tmp, target);
        io.forceDirectory(dir);
        Segment s = new Segment(seq, target, io.open(target, false), WalFormat.SEGMENT_HEADER);
        add(s);
        return s;
    }

    /**
     * The segment the next batch of {@code bytes} goes to: the active one if it fits, else a new one
     * (the old one is forced first). Returns the sealed segment through {@code sealed[0]} on rotation.
     */
    public Segment forBatch(int bytes, Segment[] sealed) throws IOException {
        Segment a = active();
        if (a != null && (a.writeOffset() + bytes <= segmentSize || a.writeOffset() == WalFormat.SEGMENT_HEADER)) return a;
        if (a != null) {
            a.file().force(false);
            sealed[0] = a;
        }
        return create(a == null ? 1 : a.seq() + 1);
    }

    /** Reads and verifies the record at {@code locator}; returns the bytes (record at offset 0) and its length. */
    public byte[] readRecord(long locator) {
        long seq = WalFormat.locatorSegment(locator), off = WalFormat.locatorOffset(locator);
        Segment s = segments.get(seq);
        if (s == null) throw new AllSourceException("ALLSOURCE-0201 segment " + seq + " of locator " + locator + " is not open");
        try {
            byte[] b = readBuffers.get();
            int n = read(s.file(), b, b.length, off);
            if (n < WalFormat.RECORD_HEADER) throw new CorruptLogException(s.path(), off, "record cut short");
            int len = WalFormat.getInt(b, 0);
            if (len < WalFormat.RECORD_HEADER) throw new CorruptLogException(s.path(), off, "bad record length " + len);
            if (len > b.length) {
                byte[] big = new byte[len];
                System.arraycopy(b, 0, big, 0, n);
                s.file().readFully(ByteBuffer.wrap(big, n, len - n), off + n);
                b = big;
                if (len <= 1 << 20) readBuffers.set(big);
            } else if (n < len) {
                s.file().readFully(ByteBuffer.wrap(b, n, len - n), off + n);
            }
            if (WalFormat.recordCrc(b, 0, len) != WalFormat.getInt(b, 4))
                throw new CorruptLogException(s.path(), off, "record checksum mismatch on read");
            return b;
        } catch (IOException e) {
            throw new AllSourceException("ALLSOURCE-0202 cannot read " + s.path() + " at offset " + off + ": " + e.getMessage(), e);
        }
    }

    /** Decodes the EVENT record at {@code locator}. */
    public StoredEvent readEvent(long locator) {
        byte[] b = readRecord(locator);
        return new RecordReader(b, 0).event();
    }

    private static int read(LogFile f, byte[] b, int max, long off) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, max);
        long at = off;
        while (bb.hasRemaining()) {
            int r = f.read(bb, at);
            if (r < 0) break;
            at += r;
            if (bb.position() >= WalFormat.RECORD_HEADER && bb.position() >= WalFormat.getInt(b, 0)) break;
        }
        return bb.position();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Segment s : segments.values()) {
            try {
                s.file().close();
            } catch (IOException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        segments.clear();
        if (first != null) throw first;
    }
}
