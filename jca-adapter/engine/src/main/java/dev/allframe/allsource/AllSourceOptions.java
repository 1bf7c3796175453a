package dev.allframe.allsource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one store. Build with {@link #builder(Path)}; every setting has a default
 * that works on a laptop.
 *
 * @param directory    data directory (created if missing)
 * @param fsync        when the log is forced to disk
 * @param fsyncInterval for {@link FsyncPolicy#INTERVAL}: the longest time an acknowledged batch may stay unsynced
 * @param segmentSize  bytes per WAL segment before rotation
 * @param parquetRollover whether sealed segments are converted to Parquet history files
 * @param quarantine   on corruption in the middle of the log, move damaged bytes aside instead of refusing to open
 * @param keepSealedSegments with {@code parquetRollover}: how many of the newest sealed WAL segments are kept
 *                     after conversion; older ones are deleted once their history file is written and checked,
 *                     and their events are read from it. {@value #KEEP_ALL} (the default) keeps every segment
 */
public record AllSourceOptions(Path directory, FsyncPolicy fsync, Duration fsyncInterval, long segmentSize,
                               boolean parquetRollover, boolean quarantine, int keepSealedSegments) {

    /** {@link #keepSealedSegments}: never delete a WAL segment. */
    public static final int KEEP_ALL = -1;
    /**
     * Default of {@link #keepSealedSegments}: every WAL segment is kept, so every read is served by the
     * log and a damaged history file can be re-created from it. Deleting converted segments saves
     * disk (history files take about a quarter of the WAL) at the price of slower first reads of old
     * events and a single copy of them.
     */
    public static final int DEFAULT_KEEP_SEALED_SEGMENTS = KEEP_ALL;

    public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;

    public AllSourceOptions {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        if (segmentSize < 4096) throw new IllegalArgumentException("segmentSize must be >= 4096 bytes, was " + segmentSize);
        if (fsyncInterval.isNegative() || fsyncInterval.isZero())
            throw new IllegalArgumentException("fsyncInterval must be positive, was " + fsyncInterval);
        if (keepSealedSegments < KEEP_ALL)
            throw new IllegalArgumentException("keepSealedSegments must be >= 0, or -1 to keep all, was " + keepSealedSegments);
    }

    /** The settings before {@code keepSealedSegments} existed, which now takes its default. */
    public AllSourceOptions(Path directory, FsyncPolicy fsync, Duration fsyncInterval, long segmentSize,
                            boolean parquetRollover, boolean quarantine) {
        this(directory, fsync, fsyncInterval, segmentSize, parquetRollover, quarantine, DEFAULT_KEEP_SEALED_SEGMENTS);
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** Mutable builder for {@link AllSourceOptions}. */
    public static final class Builder {
        private final Path directory;
        private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
        private Duration fsyncInterval = Duration.ofMillis(100);
        private long segmentSize = DEFAULT_SEGMENT_SIZE;
        private boolean parquetRollover = true;
        private boolean quarantine = false;
        private int keepSealedSegments = DEFAULT_KEEP_SEALED_SEGMENTS;

        private Builder(Path directory) {
            this.directory = directory;
        }

        public Builder fsync(FsyncPolicy v) { this.fsync = v; return this; }

        public Builder fsyncInterval(Duration v) { this.fsyncInterval = v; return this; }

        public Builder segmentSize(long v) { this.segmentSize = v; return this; }

        public Builder parquetRollover(boolean v) { this.parquetRollover = v; return this; }

        public Builder quarantine(boolean v) { this.quarantine = v; return this; }

        /**
         * Newest sealed WAL segments kept after conversion to history files ({@link #KEEP_ALL}: all);
         * older ones are deleted and their events read from the history files.
         */
        public Builder keepSealedSegments(int v) { this.keepSealedSegments = v; return this; }

        public AllSourceOptions build() {
            return new AllSourceOptions(directory, fsync, fsyncInterval, segmentSize, parquetRollover, quarantine,
                    keepSealedSegments);
        }
    }
}
