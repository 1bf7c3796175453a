package dev.allframe.allsource.core;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.allsource.index.EventCache;
import dev.allframe.allsource.index.EventIndex;
import dev.allframe.allsource.io.FileIO;
import dev.allframe.allsource.recovery.Recovery;
import dev.allframe.allsource.wal.BatchEncoder;
import dev.allframe.allsource.wal.Segment;
import dev.allframe.allsource.wal.SegmentManager;
import dev.allframe.allsource.wal.WalStart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The durable side of an engine: the locked directory, its segments, recovery on open, the log
 * writer thread and the history roll-over.
 * <pre>
 * &lt;dir&gt;/.lock        OS lock + holder pid
 * &lt;dir&gt;/wal/         segments 00000000000000000001.wal ...
 * &lt;dir&gt;/history/     Parquet files &lt;first-position&gt;-&lt;last-position&gt;.parquet
 * &lt;dir&gt;/quarantine/  bytes moved out of the log by recovery (never deleted)
 * </pre>
 */
final class DurableLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DurableLog.class.getName());
    /**
     * Cached chunks of decoded events (x {@link EventCache#CHUNK} events, most recent first):
     * 128 by default (131,072 events, about 40 MB with 250-byte payloads); system property
     * {@code dev.allframe.allsource.cacheChunks} changes it.
     */
    static final int CACHE_CHUNKS = Integer.getInteger("dev.allframe.allsource.cacheChunks", 128);

    /** Recovery validates a segment in one array; 1 GiB keeps that well inside Java's array limit. */
    static final long MAX_SEGMENT_SIZE = 1L << 30;

    private final AllSourceOptions options;
    private final DirectoryLock lock;
    private final SegmentManager segments;
    private final Sequencer sequencer;
    private final LogWriter writer;
    private final Thread thread;
    private final HistoryRollover history;
    private final HistoryTier tier;

    private DurableLog(AllSourceOptions options, FileIO io, DirectoryLock lock, SegmentManager segments, Sequencer sequencer,
                       HistoryRollover history, HistoryTier tier, WalStart start) {
        this.options = options;
        this.lock = lock;
        this.segments = segments;
        this.sequencer = sequencer;
        this.history = history;
        this.tier = tier;
        this.writer = new LogWriter(sequencer, sequencer.encoder(), segments, options.fsync(),
                options.fsyncInterval().toNanos(), options.segmentSize(), history::sealed);
        this.thread = new Thread(writer, "allsource-writer " + options.directory());
        thread.setDaemon(true);
        history.yieldWhile(writer::saturated);
        if (options.parquetRollover() && options.keepSealedSegments() >= 0) {
            WalTrimmer trimmer = new WalTrimmer(segments, io, sequencer.index(), sequencer.prepared, tier,
                    options.directory().resolve("history"), options.keepSealedSegments(), start, op -> writer.submit(op).future,
                    () -> writer.failure() == null);
            history.afterConversion(trimmer::trim);
        }
    }

    static DurableLog open(AllSourceOptions o, FileIO io, EventIndex index, EventCache cache) {
        Path dir = o.directory();
        if (o.segmentSize() > MAX_SEGMENT_SIZE)
            throw new IllegalArgumentException("segmentSize must be <= " + MAX_SEGMENT_SIZE + " bytes (1 GiB), was " + o.segmentSize());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AllSourceException("ALLSOURCE-0004 cannot create data directory " + dir + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir);
        HistoryTier tier = null;
        SegmentManager segments = new SegmentManager(dir.resolve("wal"), io, o.segmentSize());
        try {
            Files.createDirectories(segments.directory());
            long t0 = System.nanoTime();
            Sequencer seq = new Sequencer(index, cache, new BatchEncoder());
            Recovery recovery = new Recovery(segments.directory(), dir.resolve("quarantine"), io, segments, o.quarantine(), false);
            WalStart start = WalStart.read(segments.directory());
            recovery.startingAt(start);
            Replayer replayer = new Replayer(index, seq.prepared);
            if (recovery.hasQuarantinedBytes()) replayer.quarantined();
            tier = new HistoryTier(dir.resolve("history"));
            tier.load(start.historyThrough(), replayer, o.quarantine());
            recovery.run(replayer);
            index.publish();
            seq.enableStreamArraysIfEmpty();
            if (segments.active() == null) segments.create(1);
            HistoryRollover history = new HistoryRollover(dir.resolve("history"), segments, o.parquetRollover(), o.keepSealedSegments() >= 0);
            history.checkAtOpen(start.historyThrough());
            LOG.log(Level.INFO, "ALLSOURCE-0005 opened {0}: {1} events ({2} from history files), {3} segments, {4} in doubt, recovered in {5} ms",
                    new Object[]{dir, index.eventCount(), replayer.eventsAdded(), segments.count(), seq.prepared.size(),
                            (System.nanoTime() - t0) / 1_000_000});
            DurableLog log = new DurableLog(o, io, lock, segments, seq, history, tier, start);
            log.thread.start();
            history.start();
            return log;
        } catch (IOException | RuntimeException e) {
            try {
                if (tier != null) tier.close();
                segments.close();
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException r) throw r;
            throw new AllSourceException("ALLSOURCE-0006 cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    Sequencer sequencer() { return sequencer; }

    SegmentManager segments() { return segments; }

    HistoryTier tier() { return tier; }

    FsyncPolicy policy() { return options.fsync(); }

    AllSourceException failure() { return writer.failure(); }

    WriterMetrics metrics() { return writer.metrics(); }

    <R> Op<R> submit(Op<R> op) { return writer.submit(op); }

    /** Submits a blocking op and waits for it (see {@link LogWriter#call}). */
    <R> R call(Op<R> op) { return writer.call(op); }

    /** Refuses to block the completion thread on its own work (that would deadlock). */
    void ensureMayBlock() {
        if (writer.onCompleterThread())
            throw new AllSourceException("ALLSOURCE-0510 a blocking call on the store from a callback of an append "
                    + "future would wait for itself; use appendAsync and thenCompose, or a *Async callback with an executor");
    }

    void ensureHealthy() {
        AllSourceException f = writer.failure();
        if (f != null) throw new AllSourceException("ALLSOURCE-0502 store " + options.directory()
                + " is unhealthy and refuses writes until it is reopened: " + f.getMessage(), f);
    }

    AllSource.Stats stats() {
        long bytes = 0;
        for (Segment s : segments.all()) bytes += s.writeOffset();
        return new AllSource.Stats(sequencer.index().eventCount(), sequencer.index().streamCount(), bytes,
                segments.count(), history.fileCount());
    }

    @Override
    public void close() {
        history.close(); // first: a WAL trim in progress may still need the writer
        Op<Void> stop = writer.submit(new Op.Flush(true));
        RuntimeException failure = null;
        try {
            stop.future.join();
        } catch (RuntimeException e) {
            failure = e; // reported below, after the files are released
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tier.close();
        try {
            segments.close();
            lock.close();
        } catch (IOException e) {
            throw new AllSourceException("ALLSOURCE-0508 closing " + options.directory() + " failed: " + e.getMessage(), e);
        }
        if (failure != null && writer.failure() == null)
            throw new AllSourceException("ALLSOURCE-0509 final flush of " + options.directory() + " failed: " + failure.getMessage(), failure);
    }
}
