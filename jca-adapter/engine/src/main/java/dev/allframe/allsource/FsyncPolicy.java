package dev.allframe.allsource;

/**
 * When the write-ahead log is forced to disk ({@code FileChannel.force}, i.e. fdatasync).
 * Whatever the policy, appends are group-committed: one writer thread writes every queued append
 * in one batch, so the cost of a force is shared by all appends of the batch. A failed write or
 * force is never retried: the batch fails, the store reports {@code healthy() == false} and refuses
 * writes until it is reopened (recovery then re-reads what really reached the disk; an append that
 * failed this way may or may not be there, so retry it with the same event ids: that is idempotent).
 */
public enum FsyncPolicy {
    /**
     * Force every batch before acknowledging any append in it (default). An acknowledged event
     * survives a process crash and a power loss. Cost: one fdatasync per batch (about 100 µs on a
     * local SSD); throughput comes from many appends in flight (see {@link AllSource#appendAsync}).
     */
    ALWAYS,
    /**
     * Acknowledge after the write, force at most every {@code fsyncInterval} (and on close and
     * segment rotation). Survives a process crash; a crash of the machine or power loss may lose
     * the acknowledged events of the last interval.
     */
    INTERVAL,
    /**
     * Never force (except on segment rotation and close); the OS writes back when it likes.
     * Survives a process crash; a machine crash may lose any amount of acknowledged events and
     * may leave damage that needs the quarantine option to open. For tests and benchmarks only.
     * A store with no durability at all and no file is {@link AllSource#inMemory()}.
     */
    NEVER
}
