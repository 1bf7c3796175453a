package dev.allframe.allsource;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The AllSource event store: a durable, append-only log of events grouped in streams.
 * <p>
 * Guarantees: global positions are gap-free and commit-ordered (a reader never sees position
 * N+1 before N is durable); conditional appends are atomic; a multi-stream {@link #append(List)}
 * is all-or-nothing, also across a crash; re-appending an already stored event id is a no-op
 * that returns the original positions. Thread-safe.
 */
public interface AllSource extends AutoCloseable {

    /**
     * Opens (and recovers) the durable store in {@code options.directory()}, taking an exclusive OS
     * lock on it: a second open of the same directory (another process, or this JVM) fails with
     * {@link AllSourceException} naming the directory. To share one store per directory inside a
     * JVM use {@link AllSourceRegistry#acquire(AllSourceOptions)}.
     */
    static AllSource open(AllSourceOptions options) {
        return dev.allframe.allsource.core.AllSourceEngine.open(options);
    }

    /**
     * A store kept entirely in memory: the same engine logic (conditions, idempotency, positions,
     * 2PC, snapshots, reads) without a file, a thread or durability; nothing survives {@link #close()}.
     * For tests, benchmarks and caches.
     */
    static AllSource inMemory() {
        return dev.allframe.allsource.core.AllSourceEngine.inMemory();
    }

    /** Appends to one stream; returns once durable under the fsync policy. */
    default AppendResult append(String stream, long expectedVersion, List<EventData> events) {
        return append(List.of(new AppendRequest(stream, expectedVersion, events))).get(0);
    }

    /** Appends to several streams atomically (all or none); one result per request, same order. */
    List<AppendResult> append(List<AppendRequest> requests);

    /**
     * Asynchronous form of {@link #append(List)}: the future completes once the batch is durable.
     * Many appends may be in flight from one thread; they are group-committed (one write and, under
     * {@link FsyncPolicy#ALWAYS}, one fsync per batch). Dependent actions run on the engine's
     * completion thread: keep them short and never block in them on another append of the same
     * store (use the {@code ...Async} variants of {@link CompletableFuture} to move work elsewhere).
     */
    CompletableFuture<List<AppendResult>> appendAsync(List<AppendRequest> requests);

    // ---- two-phase commit (used by the JCA adapter) ----

    /**
     * Phase one: checks the expected versions, reserves the streams against other writers and writes a
     * durable prepare record. Nothing becomes visible.
     * @param txId opaque transaction id (unique among undecided transactions)
     * @throws WrongExpectedVersionException if a condition does not hold (nothing is prepared then)
     */
    void prepare(String txId, List<AppendRequest> requests);

    /** Phase two: makes a prepared transaction's events visible, assigning positions in commit order. */
    List<AppendResult> commitPrepared(String txId);

    /** Discards a prepared transaction durably. */
    void rollbackPrepared(String txId);

    /** Prepared but undecided transactions (also those recovered from the log after a restart). */
    List<String> inDoubt();

    // ---- reads ----

    /** Events of one stream from {@code fromVersion} (inclusive), forward or backward, at most {@code maxCount}. */
    List<StoredEvent> readStream(String stream, long fromVersion, int maxCount, boolean backward);

    /**
     * Whether these events are stored already: the result of their original append if every id is
     * (the same answer an idempotent re-append gives), empty if none is. Sees committed events only;
     * safe from any thread. Lets a caller that buffers appends (a transaction) answer a retry with the
     * original versions and positions instead of versions it would have had.
     *
     * @throws AllSourceException if only some ids are stored, or they are stored in another stream
     */
    Optional<AppendResult> findStored(String stream, List<EventData> events);

    /** Events of one stream, forward from the start. */
    default List<StoredEvent> readStream(String stream) {
        return readStream(stream, 1, Integer.MAX_VALUE, false);
    }

    /** All events from global position {@code fromPosition} (inclusive), at most {@code maxCount}. */
    List<StoredEvent> readAll(long fromPosition, int maxCount);

    /** Events of one type from global position {@code fromPosition}, at most {@code maxCount}. */
    List<StoredEvent> readByType(String type, long fromPosition, int maxCount);

    /** The stream as it was when the store's last position was {@code position} (time travel). */
    List<StoredEvent> readStreamAsOfPosition(String stream, long position);

    /** The stream as it was at {@code timestampMicros} (epoch µs, inclusive). */
    List<StoredEvent> readStreamAsOfTime(String stream, long timestampMicros);

    /** Current version of a stream (0 if it has no events). */
    long streamVersion(String stream);

    /** Highest committed global position (0 if empty). */
    long lastPosition();

    Stats stats();

    // ---- snapshots ----

    /**
     * Stores the latest snapshot of a stream's state at {@code version} (replaces an older one).
     * {@code version} is between 0 and the stream's version; 0 is the state before its first event,
     * which also works for a stream without events (a named value kept in the log, e.g. a checkpoint:
     * it takes no global position and no event).
     */
    void saveSnapshot(String stream, long version, byte[] state);

    Optional<Snapshot> loadSnapshot(String stream);

    /** False after an I/O fault: the store then refuses writes until it is reopened. */
    boolean healthy();

    /** Flushes, fsyncs and releases the directory. */
    @Override
    void close();

    /** Counts describing the store. */
    record Stats(long events, long streams, long bytes, int segments, int parquetFiles) {
    }

    /** A snapshot of one stream's state at a version. */
    record Snapshot(String stream, long version, byte[] state) {
    }
}
