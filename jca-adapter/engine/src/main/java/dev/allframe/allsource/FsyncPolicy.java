package dev.allframe.allsource;

/** When the write-ahead log is forced to disk. */
public enum FsyncPolicy {
    /** fsync every batch before acknowledging it (default; an acknowledged event survives power loss). */
    ALWAYS,
    /** fsync at most every {@code fsyncInterval}; a crash of the machine may lose the last interval. */
    INTERVAL,
    /** never fsync; the OS decides. For tests and benchmarks only: a machine crash may lose any amount. */
    NEVER
}
