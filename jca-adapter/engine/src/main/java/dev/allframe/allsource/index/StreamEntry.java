package dev.allframe.allsource.index;

import java.util.Arrays;

/**
 * One stream: its global positions indexed by version - 1. The log writer appends (writer view:
 * {@link #writerVersion}, {@link #reservedBy}); readers see versions up to {@link #version()}, which
 * moves only once the events are durable. A position of 0 marks a version lost to quarantine.
 */
public final class StreamEntry {
    private final String name;
    private final int ordinal;
    private volatile long[] positions = new long[4];
    private long published; // release/acquire, see VERSION
    private volatile SnapshotRef snapshot;

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

    StreamEntry(String name, int ordinal) {
        this.name = name;
        this.ordinal = ordinal;
    }

    public String name() { return name; }

    public int ordinal() { return ordinal; }

    /** Published (durable) version. */
    public long version() { return (long) VERSION.getAcquire(this); }

    /** Positions array; valid for indexes below {@link #version()} read before it. */
    public long[] positions() { return positions; }

    /** Writer view: version including events not yet durable. */
    public long writerVersion() { return writerVersion; }

    /** Writer view: the prepared transaction holding this stream, or null. */
    public String reservedBy() { return reservedBy; }

    public void reserve(String txId) { reservedBy = txId; }

    public SnapshotRef snapshot() { return snapshot; }

    public void snapshot(SnapshotRef s) { snapshot = s; }

    void put(long version, long position) {
        int i = Math.toIntExact(version - 1);
        long[] p = positions;
        if (i >= p.length) {
            p = Arrays.copyOf(p, Math.max(p.length * 2, i + 1));
            p[i] = position;
            positions = p;
        } else {
            p[i] = position;
        }
        if (version > writerVersion) writerVersion = version;
    }

    void publish() {
        VERSION.setRelease(this, writerVersion);
        touched = false;
    }

    /** Latest snapshot of a stream: version, where it lies in the log, and (in memory mode) the state. */
    public record SnapshotRef(long version, long locator, byte[] state) {
    }
}
