package dev.allframe.cqrs.spi;

import java.util.Optional;

/** Where a backend keeps the latest snapshot of each stream (state as JSON). */
public interface SnapshotStorage {
    /** Replaces the stream's snapshot if {@code version} is newer than the stored one. */
    void save(StoredSnapshot snapshot);

    Optional<StoredSnapshot> load(String stream);
}
