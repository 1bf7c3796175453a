package dev.allframe.cqrs;

import java.util.Optional;

/**
 * Keeps the latest snapshot of each stream (JSON, via JSON-B). Snapshots are a cache: losing one
 * only costs a longer replay. {@link AggregateLoader} writes them automatically every
 * {@code allframe.snapshot.threshold} events (default 100).
 */
public interface SnapshotStore {
    /** Stores {@code state} as of {@code version}, replacing an older snapshot of the stream. */
    void save(String stream, long version, Object state);

    /** The latest snapshot of a stream, read as {@code type}. */
    <S> Optional<Snapshot<S>> load(String stream, Class<S> type);
}
