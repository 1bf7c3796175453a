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
    private java.util.concurrent.ExecutorService preallocator;
    private java.util.concurrent.Future<Path> next;
    private long nextSeq;

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
        Path tmp = next != null && nextSeq == seq ? awaitNext() : preallocate(seq);
        io.moveAtomically(tmp, target);
        io.forceDirectory(dir);
        Segment s = new Segment(seq, target, io.open(target, false), WalFormat.SEGMENT_HEADER);
        add(s);
        return s;
    }

    private Path awaitNext() throws IOException {
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the next segment");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("preallocating the next segment failed: " + e.getCause(), e.getCause());
        } finally {
            next = null;
        }
    }

    /**
     * Starts preallocating the segment after the active one in the background once the active one
     * is a quarter full, so that rotation does not stall the writer (a growing file costs ~30% per
     * fsync). Preallocating forces every 1 MiB (see {@link #preallocate}), which takes a while: at
     * ~65 MB/s of appends the writer fills the remaining three quarters of a 64 MiB segment in ~0.7 s.
     */
    private void preallocateAhead(Segment active) {
        if (next != null || active.writeOffset() < segmentSize / 4) return;
        if (preallocator == null) {
            preallocator = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "allsource-preallocator " + dir);
                t.setDaemon(true);
                return t;
            });
        }
        long seq = active.seq() + 1;
        nextSeq = seq;
        next = preallocator.submit(() -> preallocate(seq));
    }

    /** Writes {@code <segment>.tmp}: header and zeros up to the segment size, synced. */
    private Path preallocate(long seq) throws IOException {
        Path tmp = dir.resolve(WalFormat.segmentName(seq) + ".tmp");
        try (LogFile f = io.open(tmp, true)) {
            f.truncate(0);
            f.write(ByteBuffer.wrap(WalFormat.segmentHeader(seq)), 0);
            ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
            for (long at = WalFormat.SEGMENT_HEADER; at < segmentSize; at += ZERO_CHUNK) {
                zeros.clear().limit((int) Math.min(ZERO_CHUNK, segmentSize - at));
                f.write(zeros, at);
                // chunk by chunk: a device cache flush waits for every write in flight, so one big
                // flush at the end would hold up the log writer's fdatasyncs meanwhile
                f.force(false);
            }
            f.force(true);
        }
        return tmp;
    }

    /**
     * The segment the next batch of {@code bytes} goes to: the active one if it fits, else a new one
     * (the old one is forced first). Returns the sealed segment through {@code sealed[0]} on rotation.
     */
    public Segment forBatch(int bytes, Segment[] sealed) throws IOException {
        Segment a = active();
        if (a != null && (a.writeOffset() + bytes <= segmentSize || a.writeOffset() == WalFormat.SEGMENT_HEADER)) {
            preallocateAhead(a);
            return a;
        }
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

    /**
     * Decodes the EVENT record at {@code locator}, or returns null if its segment was deleted
     * (before or while reading; see {@link #remove}).
     */
    public StoredEvent readEventIfKept(long locator) {
        long seq = WalFormat.locatorSegment(locator);
        if (segments.get(seq) == null) return null;
        try {
            return readEvent(locator);
        } catch (AllSourceException e) {
            if (segments.get(seq) == null) return null; // deleted while reading: its file was closed under us
            throw e;
        }
    }

    /**
     * Forgets sealed segment {@code seq} and closes its file (its events moved to a history file);
     * the caller deletes the file.
     */
    public void remove(long seq) throws IOException {
        Segment s = segments.remove(seq);
        if (s != null) s.file().close();
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
        if (preallocator != null) preallocator.shutdownNow();
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
