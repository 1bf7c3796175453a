package dev.allframe.allsource.core;

import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.parquet.HistoryFileException;
import dev.allframe.allsource.parquet.HistoryFileSummary;
import dev.allframe.allsource.parquet.ParquetHistory;
import dev.allframe.allsource.recovery.SegmentScanner;
import dev.allframe.allsource.wal.RecordReader;
import dev.allframe.allsource.wal.Segment;
import dev.allframe.allsource.wal.SegmentManager;
import dev.allframe.allsource.wal.WalFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Converts sealed WAL segments into Parquet history files ({@code history/<first>-<last>.parquet})
 * on a background thread, then lets the {@link WalTrimmer} delete the oldest converted segments
 * (all but the newest few sealed ones, see {@code AllSourceOptions.keepSealedSegments}); their
 * positions are then served by the {@link HistoryTier}, so reads span "history + live log" without
 * a seam. The files are also the open history tier for DuckDB, Spark or pandas. At open, 0-byte or
 * unreadable history files whose WAL segment is still there are reported (SEVERE, ALLSOURCE-0401),
 * moved to {@code quarantine/} and re-created from the log; those whose segment is gone are checked
 * by {@link HistoryTier#load} instead, which refuses to open without them.
 * <p>
 * <b>Conversion yields to appends.</b> Converting costs about 2 µs of CPU per event, which on a small
 * machine is a quarter of what a saturated writer needs. While the log writer is saturated (see
 * {@link #yieldWhile}), conversion pauses between slices of rows, unless {@link #MAX_LAG} or more sealed
 * segments are waiting: then it runs regardless, so the history tier is never more than that many
 * segments behind. Segments are deleted only after conversion, so a lagging history tier loses nothing.
 */
final class HistoryRollover implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HistoryRollover.class.getName());
    private final Path dir;
    private final SegmentManager segments;
    private final boolean enabled;
    private final ExecutorService exec;
    private final List<String> problems = new ArrayList<>();
    /**
     * Sealed segments waiting for (or in) conversion beyond which conversion no longer yields: 8 by
     * default (512 MiB of WAL with default segments); system property
     * {@code dev.allframe.allsource.historyMaxLag} changes it (0: never yield).
     */
    static final int MAX_LAG = Integer.getInteger("dev.allframe.allsource.historyMaxLag", 8);
    private static final int ROWS_PER_SLICE = 4096;
    private static final long PAUSE_NANOS = 2_000_000;
    private final AtomicInteger backlog = new AtomicInteger();
    private volatile BooleanSupplier busy = () -> false;
    private volatile boolean closing;
    private volatile Runnable afterConversion = () -> { };

    /** Files whose segments will be deleted serve point reads: small pages (see {@link ParquetHistory#write}). */
    private final boolean forPointReads;

    HistoryRollover(Path dir, SegmentManager segments, boolean enabled, boolean forPointReads) {
        this.forPointReads = forPointReads;
        this.dir = dir;
        this.segments = segments;
        this.enabled = enabled;
        this.exec = enabled ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "allsource-history " + dir);
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Problems found at open (also logged). */
    List<String> problems() {
        return problems;
    }

    /** The history file of sealed segment {@code s} (which holds events). */
    static Path fileFor(Path historyDir, Segment s) {
        return historyDir.resolve(s.firstPosition() + "-" + s.lastPosition() + ".parquet");
    }

    /** Runs {@code task} on the history thread after each conversion (the WAL trimmer). */
    void afterConversion(Runnable task) {
        this.afterConversion = task;
    }

    /**
     * Validates existing history files (footer only) whose WAL segment is still there (positions
     * after {@code historyThrough}); damaged ones are reported and moved aside, to be re-created.
     */
    void checkAtOpen(long historyThrough) throws IOException {
        if (!Files.isDirectory(dir)) return;
        ParquetHistory.deleteLeftovers(dir);
        for (Path p : files()) {
            long[] range = ParquetHistory.rangeOf(p);
            if (range != null && range[1] <= historyThrough) continue; // the only copy: checked by HistoryTier.load
            try {
                if (Files.size(p) == 0) throw new HistoryFileException(p, "is empty (0 bytes)", null);
                ParquetHistory.summary(p);
            } catch (HistoryFileException e) {
                Path qdir = dir.resolveSibling("quarantine");
                Files.createDirectories(qdir);
                Path q = dev.allframe.allsource.recovery.Recovery.freeName(qdir, p.getFileName() + ".bad");
                Files.move(p, q, StandardCopyOption.ATOMIC_MOVE);
                String msg = "ALLSOURCE-0401 " + e.getMessage() + "; moved to " + q
                        + (enabled ? " and re-created from the WAL" : "");
                LOG.log(Level.SEVERE, msg);
                problems.add(msg);
            }
        }
    }

    /** Schedules conversion of every sealed segment that has no history file yet. */
    void start() {
        if (!enabled) return;
        List<Segment> all = segments.all();
        for (int i = 0; i < all.size() - 1; i++) sealed(all.get(i));
        exec.execute(() -> {
            if (!closing) afterConversion.run();
        });
    }

    /** Called by the log writer after rotating away from {@code s}. */
    void sealed(Segment s) {
        if (!enabled || s.firstPosition() == 0) return;
        backlog.incrementAndGet();
        exec.execute(() -> {
            try {
                if (closing) return; // at close: left for the next open, which converts what has no file yet
                convert(s);
                if (!closing) afterConversion.run();
            } finally {
                backlog.decrementAndGet();
            }
        });
    }

    /** Conversion pauses while {@code writerSaturated} says so (within {@link #MAX_LAG}). */
    void yieldWhile(BooleanSupplier writerSaturated) {
        this.busy = writerSaturated;
    }

    /** Between slices of rows: waits while the writer is saturated and the backlog is small. */
    private void pace() {
        while (!closing && backlog.get() < MAX_LAG && busy.getAsBoolean()) {
            LockSupport.parkNanos(this, PAUSE_NANOS);
            if (Thread.currentThread().isInterrupted()) return;
        }
    }

    private void convert(Segment s) {
        Path target = fileFor(dir, s);
        if (Files.exists(target)) return;
        try {
            Files.createDirectories(dir);
            byte[] data = new byte[(int) s.file().size()];
            s.file().readFully(ByteBuffer.wrap(data), 0);
            int[] offsets = eventOffsets(data);
            HistoryFileSummary written = ParquetHistory.write(target, iterator(data, offsets), forPointReads);
            HistoryFileSummary check = ParquetHistory.summary(target);
            if (check.rowCount() != offsets.length || written.maxPosition() != s.lastPosition())
                throw new AllSourceException("history file " + target + " holds " + check.rowCount() + " rows, expected "
                        + offsets.length);
            LOG.log(Level.FINE, "ALLSOURCE-0402 wrote {0} ({1} events)", new Object[]{target, offsets.length});
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "ALLSOURCE-0403 converting segment " + s.path() + " to " + target
                    + " failed; the WAL segment is kept and conversion is retried at the next open", e);
        }
    }

    private static int[] eventOffsets(byte[] data) {
        int[][] out = {new int[1024]};
        int[] n = {0};
        new SegmentScanner().scan(data, data.length, WalFormat.SEGMENT_HEADER, (d, offs, count) -> {
            for (int i = 0; i < count; i++) {
                if (RecordReader.kind(d, offs[i]) != WalFormat.EVENT) continue;
                if (n[0] == out[0].length) out[0] = Arrays.copyOf(out[0], n[0] * 2);
                out[0][n[0]++] = offs[i];
            }
        });
        return Arrays.copyOf(out[0], n[0]);
    }

    private Iterator<StoredEvent> iterator(byte[] data, int[] offsets) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < offsets.length;
            }

            @Override
            public StoredEvent next() {
                if (i >= offsets.length) throw new NoSuchElementException();
                if (i % ROWS_PER_SLICE == 0) pace();
                return new RecordReader(data, offsets[i++]).event();
            }
        };
    }

    private List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.parquet")) {
            ds.forEach(out::add);
        }
        return out;
    }

    int fileCount() {
        try {
            return files().size();
        } catch (IOException e) {
            throw new AllSourceException("ALLSOURCE-0404 cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (exec == null) return;
        closing = true; // the conversion in progress finishes at full speed; queued ones wait for the next open
        exec.shutdown();
        try {
            if (!exec.awaitTermination(60, TimeUnit.SECONDS))
                LOG.log(Level.WARNING, "ALLSOURCE-0405 history conversion still running after 60 s; it is abandoned and redone at the next open");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
