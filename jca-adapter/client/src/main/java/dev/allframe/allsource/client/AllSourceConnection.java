package dev.allframe.allsource.client;

import java.util.List;
import java.util.Optional;

/**
 * A connection to an AllSource store. Inside a JTA (or local) transaction appends are
 * buffered and become visible, with their global positions, only when the transaction
 * commits; outside one each append commits on its own. Reads see committed events plus
 * this transaction's own pending appends. Close it (try-with-resources) when done.
 */
public interface AllSourceConnection extends AutoCloseable {

    /**
     * Appends events to a stream if it is at {@code expectedVersion} (-1 any, -2 exists, otherwise exact; 0 = no stream).
     * Re-appending events whose ids are all committed already is an idempotent retry, also inside a
     * transaction: it stores nothing and answers with their original versions and positions (not pending).
     *
     * @throws VersionConflictException if the stream is not at the expected version
     * @throws IllegalArgumentException if some event ids are stored and some are new, one is stored in
     *         another stream, or one appears twice: nothing is appended
     */
    AppendOutcome append(String stream, long expectedVersion, List<NewRecord> events);

    /** Events of a stream from {@code fromVersion}, forward or backward, at most {@code maxCount}. */
    List<Record> readStream(String stream, long fromVersion, int maxCount, boolean backward);

    /** Events of all streams from global position {@code fromPosition}, at most {@code maxCount}. */
    List<Record> readAll(long fromPosition, int maxCount);

    /** Events of one type from {@code fromPosition}, at most {@code maxCount}. */
    List<Record> readByType(String type, long fromPosition, int maxCount);

    /** The stream as it was when the store's newest position was {@code position}. */
    List<Record> readAsOfPosition(String stream, long position);

    /** The stream as it was at {@code timestampMicros} (epoch µs). */
    List<Record> readAsOfTime(String stream, long timestampMicros);

    /** Version of a stream including this transaction's pending appends (0: no events). */
    long streamVersion(String stream);

    /** Newest committed global position (0: empty store). */
    long lastPosition();

    /** Counts describing the store. */
    StoreCounts stats();

    /**
     * Saves the latest snapshot of a stream (not transactional: snapshots are caches). {@code version}
     * is between 0 and the stream's version; 0 (the state before any event) also works for a stream
     * without events, to keep a named value such as a checkpoint.
     */
    void saveSnapshot(String stream, long version, byte[] state);

    /** Latest snapshot of a stream, if any. */
    Optional<SnapshotRecord> loadSnapshot(String stream);

    /** Absolute path of the store's data directory. */
    String directory();

    /** Returns the connection to the pool. */
    @Override
    void close();
}
