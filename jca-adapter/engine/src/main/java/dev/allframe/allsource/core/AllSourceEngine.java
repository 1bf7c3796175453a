package dev.allframe.allsource.core;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.AppendResult;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.index.EventCache;
import dev.allframe.allsource.index.EventIndex;
import dev.allframe.allsource.index.StreamEntry;
import dev.allframe.allsource.io.FileIO;
import dev.allframe.allsource.wal.RecordReader;
import dev.allframe.allsource.wal.WalFormat;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The AllSource engine. Two modes share the sequencing, index and read code:
 * <ul>
 *   <li><b>durable</b> ({@link #open}): a segmented write-ahead log in a locked directory, one
 *   writer thread with group commit, recovery on open;</li>
 *   <li><b>memory</b> ({@link #inMemory()}): no file, no thread of its own; appends run under one
 *   lock in the caller's thread; timestamps come from {@link CoarseClock} (millisecond resolution,
 *   may lag the clock by a few ms). Nothing survives {@link #close()}. For tests, benchmarks and caches.</li>
 * </ul>
 */
public final class AllSourceEngine implements AllSource {
    private final EventIndex index;
    private final EventCache cache;
    private final Sequencer seq;
    private final EventReads reads;
    private final DurableLog log; // null in memory mode
    private volatile boolean closed;

    private AllSourceEngine(EventIndex index, EventCache cache, Sequencer seq, DurableLog log) {
        this.index = index;
        this.cache = cache;
        this.seq = seq;
        this.reads = log == null ? new EventReads(index, cache, null, null) : new EventReads(index, cache, log.segments(), log.tier());
        this.log = log;
    }

    /** Opens (and recovers) a durable store with plain file access. */
    public static AllSourceEngine open(AllSourceOptions options) {
        return open(options, FileIO.nio());
    }

    /** Opens (and recovers) a durable store whose file access goes through {@code io} (fault injection). */
    public static AllSourceEngine open(AllSourceOptions options, FileIO io) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(io, "io");
        EventIndex index = new EventIndex();
        EventCache cache = new EventCache(DurableLog.CACHE_CHUNKS);
        DurableLog log = DurableLog.open(options, io, index, cache);
        return new AllSourceEngine(index, cache, log.sequencer(), log);
    }

    /** A store that keeps everything in memory: same semantics, no durability, no directory. */
    public static AllSourceEngine inMemory() {
        EventCache cache = new EventCache(Integer.MAX_VALUE);
        EventIndex index = new EventIndex(cache);
        return new AllSourceEngine(index, cache, new Sequencer(index, cache, null), null);
    }

    // ------------------------------------------------------------------ writes

    @Override
    public AppendResult append(String stream, long expectedVersion, List<EventData> events) {
        if (log != null) return AllSource.super.append(stream, expectedVersion, events);
        Objects.requireNonNull(stream, "stream");
        dev.allframe.allsource.ExpectedVersion.validate(expectedVersion);
        Objects.requireNonNull(events, "events");
        long now = CoarseClock.nowMicros();
        synchronized (seq) {
            ensureOpen();
            AppendResult r = seq.appendOne(stream, expectedVersion, events, index.nextTimestamp(now));
            index.publish(); // memory mode: nothing else pends (no locators, snapshots go through run())
            return r;
        }
    }

    @Override
    public List<AppendResult> append(List<AppendRequest> requests) {
        if (log == null) {
            synchronized (seq) {
                ensureOpen();
                List<AppendResult> r = seq.append(List.copyOf(requests), index.nextTimestamp(CoarseClock.nowMicros()));
                seq.publish(0);
                return r;
            }
        }
        log.ensureMayBlock();
        ensureOpen();
        return log.call(new Op.Append(List.copyOf(requests)).blocking());
    }

    @Override
    public CompletableFuture<List<AppendResult>> appendAsync(List<AppendRequest> requests) {
        if (log == null) {
            try {
                return CompletableFuture.completedFuture(append(requests));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        try {
            ensureOpen();
        } catch (AllSourceException e) {
            return CompletableFuture.failedFuture(e);
        }
        return log.submit(new Op.Append(List.copyOf(requests))).future;
    }

    @Override
    public void prepare(String txId, List<AppendRequest> requests) {
        Objects.requireNonNull(txId, "txId");
        run(new Op.Prepare(txId, List.copyOf(requests)));
    }

    @Override
    public List<AppendResult> commitPrepared(String txId) {
        Objects.requireNonNull(txId, "txId");
        return run(new Op.Commit(txId));
    }

    @Override
    public void rollbackPrepared(String txId) {
        Objects.requireNonNull(txId, "txId");
        run(new Op.Rollback(txId));
    }

    @Override
    public List<String> inDoubt() {
        return List.copyOf(seq.prepared.keySet());
    }

    @Override
    public void saveSnapshot(String stream, long version, byte[] state) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(state, "state");
        run(new Op.SaveSnapshot(stream, version, state.clone()));
    }

    private <R> R run(Op<R> op) {
        ensureOpen();
        if (log != null) {
            log.ensureMayBlock();
            return log.call(op.blocking());
        }
        synchronized (seq) {
            ensureOpen();
            long ts = index.nextTimestamp(CoarseClock.nowMicros());
            if (op instanceof Op.Prepare p) seq.prepare(p.txId, p.requests);
            else if (op instanceof Op.Commit c) c.result = seq.commit(c.txId, ts);
            else if (op instanceof Op.Rollback r) seq.rollback(r.txId);
            else if (op instanceof Op.SaveSnapshot s) seq.snapshot(s.stream, s.version, s.state, s.onlyIfAt);
            seq.publish(0);
            return op.result;
        }
    }

    private void ensureOpen() {
        if (closed) throw new AllSourceException("ALLSOURCE-0507 store is closed");
        if (log != null) log.ensureHealthy();
    }

    // ------------------------------------------------------------------ reads

    @Override
    public List<StoredEvent> readStream(String stream, long fromVersion, int maxCount, boolean backward) {
        return reads.stream(stream, fromVersion, maxCount, backward, Long.MAX_VALUE);
    }

    @Override
    public Optional<AppendResult> findStored(String stream, List<EventData> events) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) return Optional.empty();
        if (log == null) {
            synchronized (seq) { // memory mode: the writer's view is the published one outside this lock
                return Optional.ofNullable(Sequencer.duplicateOf(index, stream, events, false));
            }
        }
        return Optional.ofNullable(Sequencer.duplicateOf(index, stream, events, true));
    }

    @Override
    public List<StoredEvent> readAll(long fromPosition, int maxCount) {
        return reads.all(fromPosition, maxCount);
    }

    @Override
    public List<StoredEvent> readByType(String type, long fromPosition, int maxCount) {
        return reads.byType(type, fromPosition, maxCount);
    }

    @Override
    public List<StoredEvent> readStreamAsOfPosition(String stream, long position) {
        return reads.stream(stream, 1, Integer.MAX_VALUE, false, position);
    }

    @Override
    public List<StoredEvent> readStreamAsOfTime(String stream, long timestampMicros) {
        return reads.stream(stream, 1, Integer.MAX_VALUE, false, index.lastPositionAtOrBefore(timestampMicros));
    }

    @Override
    public long streamVersion(String stream) {
        StreamEntry s = index.stream(stream);
        return s == null ? 0 : s.version();
    }

    @Override
    public long lastPosition() {
        return index.published();
    }

    @Override
    public Stats stats() {
        if (log == null) return new Stats(index.eventCount(), index.streamCount(), 0, 0, 0);
        return log.stats();
    }

    @Override
    public Optional<Snapshot> loadSnapshot(String stream) {
        StreamEntry s = index.stream(stream);
        StreamEntry.SnapshotRef ref = s == null ? null : s.snapshot();
        if (ref == null) return Optional.empty();
        if (ref.state() != null) return Optional.of(new Snapshot(stream, ref.version(), ref.state().clone()));
        byte[] b = null;
        for (int attempt = 0; b == null; attempt++) {
            try {
                b = log.segments().readRecord(ref.locator());
            } catch (AllSourceException e) {
                // its segment was deleted meanwhile: the snapshot was first written again at the end of the log
                StreamEntry.SnapshotRef now = s.snapshot();
                if (attempt == 3 || now == ref || log.segments().get(WalFormat.locatorSegment(ref.locator())) != null) throw e;
                ref = now;
            }
        }
        RecordReader r = new RecordReader(b, 0);
        r.shortString();
        long version = r.longValue();
        return Optional.of(new Snapshot(stream, version, r.intBytes()));
    }

    @Override
    public boolean healthy() {
        return !closed && (log == null || log.failure() == null);
    }

    /**
     * Group-commit counters since open (all zero in memory mode): batches written, fsyncs, bytes.
     * Events per batch = events appended / batches.
     */
    public WriterMetrics writerMetrics() {
        return log == null ? new WriterMetrics(0, 0, 0) : log.metrics();
    }

    /** The fsync policy in force ({@link FsyncPolicy#NEVER} in memory mode). */
    public FsyncPolicy fsyncPolicy() {
        return log == null ? FsyncPolicy.NEVER : log.policy();
    }

    @Override
    public void close() {
        if (closed) return;
        synchronized (seq) {
            if (closed) return;
            closed = true;
        }
        if (log != null) log.close();
    }
}
