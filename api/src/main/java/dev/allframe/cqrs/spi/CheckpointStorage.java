package dev.allframe.cqrs.spi;

/** Where a backend keeps the checkpoints (last handled positions) of catch-up subscriptions. */
public interface CheckpointStorage {
    /** The stored position, 0 if none. */
    long load(String subscription);

    void save(String subscription, long position);
}
