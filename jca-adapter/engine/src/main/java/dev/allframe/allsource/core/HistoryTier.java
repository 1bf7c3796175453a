package dev.allframe.allsource.core;

import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.CorruptLogException;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.index.EventCache;
import dev.allframe.allsource.parquet.HistoryFileException;
import dev.allframe.allsource.parquet.HistoryRowGroups;
import dev.allframe.allsource.parquet.ParquetHistory;
import dev.allframe.allsource.recovery.Recovery;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The positions whose WAL segments were deleted: they live only in history files. At open their
 * index entries are rebuilt from the index columns of those files ({@link #load}); a read of such
 * a position decodes the page of rows that holds it and caches all of its events ({@link #read}).
 * <p>
 * A history file that is needed here and is missing or damaged stops the open with an exception
 * naming it, since nothing else holds its events; with quarantine enabled it is moved to
 * {@code quarantine/} instead and the store opens without its positions. Nothing is ever deleted.
 */
final class HistoryTier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HistoryTier.class.getName());
    /** Open history files kept (file handle, footer, page index of positions): reads jump between files. */
    private static final int OPEN_FILES = 32;

    /** A history file and its position range (from its name, checked against its rows at open). */
    record Range(long first, long last, Path file) {
    }

    private final Path dir;
    private volatile Range[] ranges = new Range[0];
    private final Map<Path, HistoryRowGroups> open = new LinkedHashMap<>(16, 0.75f, true);

    HistoryTier(Path dir) {
        this.dir = dir;
    }

    /**
     * Rebuilds the index of positions {@code 1..through} from the history files that hold them, in
     * position order, through {@code replayer} (which checks that positions have no gaps).
     *
     * @return problems moved aside under quarantine (empty otherwise)
     */
    List<String> load(long through, Replayer replayer, boolean quarantine) throws IOException {
        List<String> problems = new ArrayList<>();
        if (through == 0) return problems;
        List<Range> needed = new ArrayList<>();
        for (Path p : ParquetHistory.filesThrough(dir, through)) {
            long[] r = ParquetHistory.rangeOf(p);
            needed.add(new Range(r[0], r[1], p));
        }
        List<Range> loaded = new ArrayList<>();
        long next = 1;
        for (Range r : needed) {
            if (r.first < next)
                throw new CorruptLogException(r.file, 0, "history file overlaps the one before it (positions from "
                        + r.first + ", expected " + next + "); remove the file that does not belong here by hand");
            if (r.first > next) missing(next, r.first - 1, replayer, quarantine, problems);
            IndexRows rows = new IndexRows();
            try (HistoryRowGroups g = HistoryRowGroups.open(r.file)) {
                g.scanIndex((hi, lo, stream, version, position, ts, type) -> {
                    if (position < r.first || position > r.last)
                        throw new HistoryFileException(r.file, "holds position " + position + " outside the range of its name", null);
                    rows.add(hi, lo, stream, version, position, ts, type);
                });
                if (rows.size == 0) throw new HistoryFileException(r.file, "holds no events", null);
                rows.replay(r.file, replayer); // only once the whole file read: a damaged one adds nothing
                loaded.add(r);
            } catch (HistoryFileException e) {
                if (!quarantine)
                    throw new CorruptLogException(r.file, 0, e.getMessage() + ". It is the only copy of positions " + r.first
                            + ".." + r.last + " (their WAL segments were deleted after conversion), so the store does not open: "
                            + "restore the file from a backup, or open with quarantine enabled to move it aside and "
                            + "open without those events");
                problems.add(moveAside(r.file, e.getMessage()));
                replayer.quarantined();
            }
            next = r.last + 1;
        }
        if (next <= through) missing(next, through, replayer, quarantine, problems);
        ranges = loaded.toArray(new Range[0]);
        return problems;
    }

    /** The index columns of one file, held until all of them were read. */
    private static final class IndexRows {
        long[] hi = new long[1024], lo = new long[1024], version = new long[1024], position = new long[1024], ts = new long[1024];
        String[] stream = new String[1024], type = new String[1024];
        int size;

        void add(long h, long l, String s, long v, long p, long t, String ty) {
            if (size == hi.length) {
                int n = size * 2;
                hi = Arrays.copyOf(hi, n);
                lo = Arrays.copyOf(lo, n);
                version = Arrays.copyOf(version, n);
                position = Arrays.copyOf(position, n);
                ts = Arrays.copyOf(ts, n);
                stream = Arrays.copyOf(stream, n);
                type = Arrays.copyOf(type, n);
            }
            hi[size] = h;
            lo[size] = l;
            stream[size] = s;
            version[size] = v;
            position[size] = p;
            ts[size] = t;
            type[size] = ty;
            size++;
        }

        void replay(Path file, Replayer replayer) {
            for (int i = 0; i < size; i++)
                replayer.historyEvent(file, hi[i], lo[i], stream[i], version[i], position[i], ts[i], type[i]);
        }
    }

    private void missing(long from, long to, Replayer replayer, boolean quarantine, List<String> problems) throws IOException {
        if (movedAsideEarlier(from, to)) { // an earlier open under quarantine: those positions are gone for good
            LOG.log(Level.WARNING, "ALLSOURCE-0406 positions {0}..{1} were moved to quarantine by an earlier open; opening without them",
                    new Object[]{from, to});
            replayer.quarantined();
            return;
        }
        String problem = "no history file holds positions " + from + ".." + to + ", and their WAL segments were deleted "
                + "after conversion";
        if (!quarantine) throw new CorruptLogException(dir, 0, problem + ": restore the file from a backup, or open "
                + "with quarantine enabled to open without those events");
        LOG.log(Level.SEVERE, "ALLSOURCE-0406 {0}: {1}; opening anyway (quarantine enabled)", new Object[]{dir, problem});
        problems.add(problem);
        replayer.quarantined();
    }

    private boolean movedAsideEarlier(long from, long to) throws IOException {
        Path qdir = dir.resolveSibling("quarantine");
        if (!Files.isDirectory(qdir)) return false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(qdir, from + "-" + to + ".parquet.bad*")) {
            return ds.iterator().hasNext();
        }
    }

    private String moveAside(Path file, String problem) throws IOException {
        Path qdir = dir.resolveSibling("quarantine");
        Files.createDirectories(qdir);
        Path q = Recovery.freeName(qdir, file.getFileName() + ".bad");
        Files.move(file, q, StandardCopyOption.ATOMIC_MOVE);
        String msg = "ALLSOURCE-0407 " + problem + "; moved to " + q + " and opened without its events (quarantine enabled)";
        LOG.log(Level.SEVERE, msg);
        return msg;
    }

    /** Makes a newly written history file serve reads (before the WAL segment it replaces is deleted). */
    synchronized void add(long first, long last, Path file) {
        Range[] r = Arrays.copyOf(ranges, ranges.length + 1);
        r[r.length - 1] = new Range(first, last, file);
        Arrays.sort(r, (a, b) -> Long.compare(a.first, b.first));
        ranges = r;
    }

    /** Last position served by history files, 0 if none. */
    long through() {
        Range[] r = ranges;
        return r.length == 0 ? 0 : r[r.length - 1].last;
    }

    /**
     * The event at {@code position}, read from its history file together with the rest of its page
     * of rows, which go into {@code cache}.
     */
    StoredEvent read(long position, EventCache cache) {
        prefetch(new long[]{position}, 1, cache, false); // the whole page: scans read on from here
        StoredEvent hit = cache.get(position);
        if (hit == null) {
            Range r = find(position);
            if (r == null) throw new AllSourceException("ALLSOURCE-0408 position " + position + " is in neither the WAL nor a history file");
            throw new HistoryFileException(r.file, "holds no row with position " + position, null);
        }
        return hit;
    }

    /**
     * Reads the events at {@code positions[0..count)} (ascending) into {@code cache}: one read per file
     * and row group for all the pages needed there (a stream read needs many); with {@code onlyThese}
     * the other events of those pages are not kept.
     */
    void prefetch(long[] positions, int count, EventCache cache, boolean onlyThese) {
        int i = 0;
        while (i < count) {
            Range r = find(positions[i]);
            if (r == null) {
                i++;
                continue;
            }
            int j = i;
            while (j < count && positions[j] <= r.last) j++;
            List<StoredEvent> events;
            synchronized (this) {
                events = open(r).readPagesOf(positions, i, j, onlyThese);
            }
            for (StoredEvent e : events) cache.put(e.position(), e);
            i = j;
        }
    }

    /** The open reader of {@code r}'s file (opened if needed; the least recently used one is closed). */
    private HistoryRowGroups open(Range r) {
        HistoryRowGroups g = open.get(r.file);
        if (g == null) {
            g = HistoryRowGroups.open(r.file);
            open.put(r.file, g);
            if (open.size() > OPEN_FILES) {
                var eldest = open.entrySet().iterator();
                eldest.next().getValue().close();
                eldest.remove();
            }
        }
        return g;
    }

    private Range find(long position) {
        Range[] r = ranges;
        int lo = 0, hi = r.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (r[mid].last < position) lo = mid + 1;
            else if (r[mid].first > position) hi = mid - 1;
            else return r[mid];
        }
        return null;
    }

    @Override
    public synchronized void close() {
        for (HistoryRowGroups g : open.values()) {
            try {
                g.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ALLSOURCE-0409 closing " + g.file() + " failed", e);
            }
        }
        open.clear();
    }
}
