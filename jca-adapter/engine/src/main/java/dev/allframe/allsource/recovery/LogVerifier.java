package dev.allframe.allsource.recovery;

import dev.allframe.allsource.CorruptLogException;
import dev.allframe.allsource.io.FileIO;
import dev.allframe.allsource.parquet.HistoryFileException;
import dev.allframe.allsource.parquet.HistoryRowGroups;
import dev.allframe.allsource.parquet.ParquetHistory;
import dev.allframe.allsource.wal.RecordReader;
import dev.allframe.allsource.wal.Segment;
import dev.allframe.allsource.wal.SegmentManager;
import dev.allframe.allsource.wal.WalFormat;
import dev.allframe.allsource.wal.WalStart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a data directory without changing it (no lock taken, no repair): every record's length
 * and CRC32C, segment headers, gap-free positions. Used by {@code allsource verify} and {@code stats}.
 */
public final class LogVerifier {

    /** What verification found. {@code issues} is empty for an intact log. */
    public record Report(long events, long streams, long firstPosition, long lastPosition, int segments, long bytes,
                         int inDoubt, List<Recovery.Issue> issues) {
    }

    private LogVerifier() {
    }

    public static Report verify(Path dataDir) throws IOException {
        Path wal = dataDir.resolve("wal");
        if (!Files.isDirectory(wal)) throw new IOException("no WAL directory " + wal + " (not an AllSource data directory?)");
        try (SegmentManager segments = new SegmentManager(wal, FileIO.nio(), WalFormat.SEGMENT_HEADER + 1)) {
            Recovery r = new Recovery(wal, dataDir.resolve("quarantine"), FileIO.nio(), segments, false, true);
            Checker c = new Checker();
            if (r.hasQuarantinedBytes()) c.quarantined();
            WalStart start = WalStart.NONE;
            try {
                start = WalStart.read(wal);
            } catch (CorruptLogException e) {
                c.issues.add(new Recovery.Issue(e.file(), 0, e.getMessage(), "none (read-only)"));
            }
            history(dataDir.resolve("history"), start.historyThrough(), c);
            r.startingAt(start).run(c);
            List<Recovery.Issue> issues = new ArrayList<>(r.issues());
            issues.addAll(c.issues);
            long bytes = 0;
            for (Segment s : segments.all()) bytes += s.writeOffset();
            return new Report(c.events, c.streams.size(), c.first, c.last, segments.count(), bytes,
                    c.prepared.size(), issues);
        }
    }

    /** The events that only history files hold (their WAL segments were deleted): index columns only. */
    private static void history(Path dir, long through, Checker c) throws IOException {
        for (Path f : ParquetHistory.filesThrough(dir, through)) {
            try (HistoryRowGroups g = HistoryRowGroups.open(f)) {
                g.scanIndex((hi, lo, stream, version, position, ts, type) -> c.event(f, 0, position, stream));
            } catch (HistoryFileException e) {
                c.issues.add(new Recovery.Issue(f, 0, e.getMessage(), "none (read-only)"));
                c.quarantined();
            }
        }
        if (c.last < through)
            c.issues.add(new Recovery.Issue(dir, 0, "no history file holds positions " + (c.last + 1) + ".." + through
                    + " (their WAL segments were deleted)", "none (read-only)"));
    }

    private static final class Checker implements Recovery.Sink {
        long events, first, last;
        final Set<String> streams = new HashSet<>(), prepared = new HashSet<>();
        final List<Recovery.Issue> issues = new ArrayList<>();
        boolean gaps;

        @Override
        public void quarantined() {
            gaps = true;
        }

        void event(Path file, long offset, long position, String stream) {
            if (position != last + 1 && !gaps)
                issues.add(new Recovery.Issue(file, offset, "position " + position + " follows " + last, "none (read-only)"));
            if (first == 0) first = position;
            last = position;
            events++;
            streams.add(stream);
        }

        @Override
        public void group(Segment seg, byte[] d, int[] offsets, int count) {
            for (int i = 0; i < count; i++) {
                int off = offsets[i];
                RecordReader r = new RecordReader(d, off);
                switch (RecordReader.kind(d, off)) {
                    case WalFormat.EVENT -> {
                        int p0 = off + WalFormat.RECORD_HEADER;
                        int sl = WalFormat.getU16(d, p0 + 44);
                        event(seg.path(), off, WalFormat.getLong(d, p0 + 16), new String(d, p0 + 46, sl, StandardCharsets.UTF_8));
                    }
                    case WalFormat.PREPARE -> prepared.add(r.shortString());
                    case WalFormat.COMMIT_TX, WalFormat.ROLLBACK_TX -> prepared.remove(r.shortString());
                    default -> { }
                }
            }
        }
    }
}
