package dev.allframe.cqrs;

import java.time.Instant;
import java.util.List;

/**
 * Stores and reads events. Inject it with {@code @Inject EventStore store}.
 * <p>
 * Events are application records or classes, serialised as JSON (JSON-B); their type name comes
 * from {@link Event @Event} or the simple class name. Appends join the caller's JTA transaction
 * when there is one (they become visible on commit, vanish on rollback) and commit on their own
 * otherwise. Global positions are gap-free and commit-ordered.
 */
public interface EventStore {

    /**
     * Appends events to a stream if it is at {@code expectedVersion} (see {@link ExpectedVersion}).
     * An element may be a plain event object or a {@link NewEvent} that fixes its id and metadata;
     * re-appending an id that is already stored returns the original result and writes nothing.
     *
     * @throws WrongExpectedVersionException if the stream is not at the expected version
     */
    AppendResult append(String stream, long expectedVersion, List<?> events);

    /** Appends one event; see {@link #append(String, long, List)}. */
    default AppendResult append(String stream, long expectedVersion, Object event) {
        return append(stream, expectedVersion, List.of(event));
    }

    /** The whole stream, oldest first (empty if it does not exist). */
    default List<EventEnvelope<?>> read(String stream) {
        return read(stream, ReadOptions.forwards());
    }

    /** Part of a stream, forward or backward from a version. */
    List<EventEnvelope<?>> read(String stream, ReadOptions options);

    /** Events of all streams from global position {@code fromPosition} (inclusive), at most {@code maxCount}. */
    List<EventEnvelope<?>> readAll(long fromPosition, int maxCount);

    /** Events of one type (its {@link Event} name) from {@code fromPosition}, at most {@code maxCount}. */
    List<EventEnvelope<?>> readByType(String type, long fromPosition, int maxCount);

    /** The stream as it was when the store's newest position was {@code position}. */
    List<EventEnvelope<?>> readAsOf(String stream, long position);

    /** The stream as it was at {@code instant}. */
    List<EventEnvelope<?>> readAsOf(String stream, Instant instant);

    /** Current version of a stream: 0 if it has no events. */
    long version(String stream);

    /** Newest committed global position: 0 if the store is empty. */
    long lastPosition();

    /** Counts describing the store. */
    StoreStats stats();
}
