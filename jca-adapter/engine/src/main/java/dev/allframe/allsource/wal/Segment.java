package dev.allframe.allsource.wal;

import dev.allframe.allsource.io.LogFile;

import java.nio.file.Path;

/** One WAL segment file: its sequence number, open file, append offset and position range. */
public final class Segment {
    private final long seq;
    private final Path path;
    private final LogFile file;
    private volatile long writeOffset;
    private volatile long firstPosition;
    private volatile long lastPosition;

    public Segment(long seq, Path path, LogFile file, long writeOffset) {
        this.seq = seq;
        this.path = path;
        this.file = file;
        this.writeOffset = writeOffset;
    }

    public long seq() { return seq; }

    public Path path() { return path; }

    public LogFile file() { return file; }

    /** Offset where the next batch goes (end of the valid data). */
    public long writeOffset() { return writeOffset; }

    public void writeOffset(long v) { writeOffset = v; }

    /** First global position stored in this segment, 0 if none. */
    public long firstPosition() { return firstPosition; }

    public long lastPosition() { return lastPosition; }

    /** Records that {@code position} is stored here. */
    public void noteEvent(long position) {
        if (firstPosition == 0) firstPosition = position;
        lastPosition = position;
    }
}
