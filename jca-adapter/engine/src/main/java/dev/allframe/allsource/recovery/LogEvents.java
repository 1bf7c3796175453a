package dev.allframe.allsource.recovery;

import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.parquet.CloseableIterator;
import dev.allframe.allsource.parquet.HistoryFileException;
import dev.allframe.allsource.parquet.ParquetHistory;
import dev.allframe.allsource.wal.RecordReader;
import dev.allframe.allsource.wal.WalFormat;
import dev.allframe.allsource.wal.WalStart;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Read-only iteration over the committed events of a data directory, segment by segment (one
 * segment in memory at a time), without opening the store or taking its lock. Stops at the first
 * damage of a segment (use {@link LogVerifier} to find it). For the CLI and for tools.
 */
public final class LogEvents implements Iterator<StoredEvent> {
    private final List<Path> segments;
    private int next;
    private byte[] data;
    private int[] offsets = new int[0];
    private int count, i;
    private final List<String> problems = new ArrayList<>();

    private final List<Path> historyOnly;
    private int nextHistory;
    private CloseableIterator<StoredEvent> history;

    /**
     * Iterates the events in {@code dataDir} (the directory given to the store): first those whose
     * WAL segments were deleted, from their history files, then those of the WAL.
     */
    public LogEvents(Path dataDir) {
        Path wal = dataDir.resolve("wal");
        WalStart start;
        try {
            start = WalStart.read(wal);
            this.historyOnly = ParquetHistory.filesThrough(dataDir.resolve("history"), start.historyThrough());
        } catch (IOException e) {
            throw new AllSourceException("ALLSOURCE-0310 cannot read " + wal + ": " + e.getMessage(), e);
        }
        List<Path> files = new ArrayList<>(segmentFiles(wal));
        files.removeIf(p -> WalFormat.segmentSeq(p.getFileName().toString()) < start.firstSegment());
        this.segments = files;
    }

    /** Damage met so far (the events after it in the same segment were not returned); empty if none. */
    public List<String> problems() {
        return problems;
    }

    /** Segment files of a WAL directory in log order. */
    public static List<Path> segmentFiles(Path walDir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(walDir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, "*.wal")) {
            for (Path p : ds) if (WalFormat.segmentSeq(p.getFileName().toString()) > 0) out.add(p);
        } catch (IOException e) {
            throw new AllSourceException("ALLSOURCE-0310 cannot list " + walDir + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean hasNext() {
        if (nextHistoryEvent()) return true;
        while (i >= count) {
            if (next >= segments.size()) return false;
            load(segments.get(next++));
        }
        return true;
    }

    @Override
    public StoredEvent next() {
        if (!hasNext()) throw new NoSuchElementException();
        if (history != null) return history.next();
        return new RecordReader(data, offsets[i++]).event();
    }

    /** Whether the history files hold another event; a damaged file is reported and skipped. */
    private boolean nextHistoryEvent() {
        while (true) {
            try {
                if (history != null && history.hasNext()) return true;
                if (history != null) history.close();
                history = null;
                if (nextHistory >= historyOnly.size()) return false;
                history = ParquetHistory.open(historyOnly.get(nextHistory++));
            } catch (HistoryFileException e) {
                problems.add(e.getMessage());
                if (history != null) history.close();
                history = null;
            }
        }
    }

    private void load(Path p) {
        try {
            data = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AllSourceException("ALLSOURCE-0311 cannot read " + p + ": " + e.getMessage(), e);
        }
        count = 0;
        i = 0;
        long seq = WalFormat.segmentSeq(p.getFileName().toString());
        String bad = WalFormat.checkSegmentHeader(data, data.length, seq);
        if (bad != null) {
            problems.add(p + " offset 0: " + bad);
            return;
        }
        ScanResult r = new SegmentScanner().scan(data, data.length, WalFormat.SEGMENT_HEADER, (d, offs, n) -> {
            for (int k = 0; k < n; k++) {
                if (RecordReader.kind(d, offs[k]) != WalFormat.EVENT) continue;
                if (count == offsets.length) offsets = Arrays.copyOf(offsets, Math.max(1024, count * 2));
                offsets[count++] = offs[k];
            }
        });
        if (r.status() != ScanResult.Status.CLEAN) problems.add(p + " offset " + r.brokenAt() + ": " + r.reason());
    }
}
