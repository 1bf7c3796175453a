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
 */
public record AllSourceOptions(Path directory, FsyncPolicy fsync, Duration fsyncInterval, long segmentSize,
                               boolean parquetRollover, boolean quarantine) {

    public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;

    public AllSourceOptions {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        if (segmentSize < 4096) throw new IllegalArgumentException("segmentSize must be >= 4096 bytes, was " + segmentSize);
        if (fsyncInterval.isNegative() || fsyncInterval.isZero())
            throw new IllegalArgumentException("fsyncInterval must be positive, was " + fsyncInterval);
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

        private Builder(Path directory) {
            this.directory = directory;
        }

        public Builder fsync(FsyncPolicy v) { this.fsync = v; return this; }

        public Builder fsyncInterval(Duration v) { this.fsyncInterval = v; return this; }

        public Builder segmentSize(long v) { this.segmentSize = v; return this; }

        public Builder parquetRollover(boolean v) { this.parquetRollover = v; return this; }

        public Builder quarantine(boolean v) { this.quarantine = v; return this; }

        public AllSourceOptions build() {
            return new AllSourceOptions(directory, fsync, fsyncInterval, segmentSize, parquetRollover, quarantine);
        }
    }
}
