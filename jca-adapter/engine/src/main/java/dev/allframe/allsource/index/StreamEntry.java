package dev.allframe.allsource.index;

import dev.allframe.allsource.StoredEvent;

import java.util.Arrays;

/**
 * One stream: its global positions indexed by version - 1. The log writer appends (writer view:
 * {@link #writerVersion}, {@link #reservedBy}); readers see versions up to {@link #version()}, which
 * moves only once the events are durable. A position of 0 marks a version lost to quarantine.
 */
public final class StreamEntry {
    private final String name;
    private final int ordinal;
    private volatile long[] positions; // null if the stream keeps its events instead (memory mode)
    private long published; // release/acquire, see VERSION
    private volatile SnapshotRef snapshot;
    private volatile StoredEvent[] events; // memory mode only: the stream's events, contiguous for fast reads

    long writerVersion;
    String reservedBy;
    boolean touched;

    private static final java.lang.invoke.VarHandle VERSION;

    static {
        try {
            VERSION = java.lang.invoke.MethodHandles.lookup().findVarHandle(StreamEntry.class, "published", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    StreamEntry(String name, int ordinal, boolean keepPositions) {
        this.name = name;
        this.ordinal = ordinal;
        if (keepPositions) positions = new long[4];
    }

    public String name() { return name; }

    public int ordinal() { return ordinal; }

    /** Published (durable) version. */
    public long version() { return (long) VERSION.getAcquire(this); }

    /**
     * Positions array; valid for indexes below {@link #version()} read before it. Null in memory mode,
     * where {@link #events()} hold the events with their positions.
     */
    public long[] positions() { return positions; }

    /** Writer view: version including events not yet durable. */
    public long writerVersion() { return writerVersion; }

    /** Writer view: the prepared transaction holding this stream, or null. */
    public String reservedBy() { return reservedBy; }

    public void reserve(String txId) { reservedBy = txId; }

    public SnapshotRef snapshot() { return snapshot; }

    public void snapshot(SnapshotRef s) { snapshot = s; }

    void put(long version, long position) {
        if (version > writerVersion) writerVersion = version;
        long[] p = positions;
        if (p == null) return;
        int i = Math.toIntExact(version - 1);
        if (i >= p.length) {
            p = Arrays.copyOf(p, Math.max(p.length * 2, i + 1));
            p[i] = position;
            positions = p;
        } else {
            p[i] = position;
        }
    }

    /** Stops keeping events here (readers holding the old array may still use it: its entries never change). */
    public void dropEvents() { events = null; }

    /** Memory mode: the events by version - 1 (valid below {@link #version()} read before it), else null. */
    public StoredEvent[] events() { return events; }

    /** Memory mode: keeps {@code e} (version {@code version}) next to its position for contiguous reads. */
    public void putEvent(long version, StoredEvent e) {
        int i = Math.toIntExact(version - 1);
        StoredEvent[] x = events;
        if (x == null || i >= x.length) {
            x = x == null ? new StoredEvent[Math.max(16, i + 1)] : Arrays.copyOf(x, Math.max(x.length * 2, i + 1));
            x[i] = e;
            events = x;
        } else {
            x[i] = e;
        }
    }

    void publish() {
        VERSION.setRelease(this, writerVersion);
        touched = false;
    }

    /** Latest snapshot of a stream: version, where it lies in the log, and (in memory mode) the state. */
    public record SnapshotRef(long version, long locator, byte[] state) {
    }
}
