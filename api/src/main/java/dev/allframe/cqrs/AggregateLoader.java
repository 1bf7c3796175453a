package dev.allframe.cqrs;

import java.util.function.BiFunction;

/**
 * Loads aggregate state: the latest snapshot (if any) plus the events after it, upcasted. When
 * at least {@code allframe.snapshot.threshold} events (default 100) had to be replayed on top of
 * the snapshot, a new snapshot is saved.
 */
public interface AggregateLoader {
    /**
     * @param stream  the aggregate's stream
     * @param type    class of the state (snapshots are read as this class with JSON-B)
     * @param initial state of an aggregate without events
     * @param apply   next state from a state and one event payload
     */
    <S> Aggregate<S> load(String stream, Class<S> type, S initial, BiFunction<S, Object, S> apply);
}
