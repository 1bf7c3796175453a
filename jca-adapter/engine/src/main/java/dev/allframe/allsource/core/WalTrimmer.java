package dev.allframe.allsource.core;

import dev.allframe.allsource.index.EventIndex;
import dev.allframe.allsource.index.StreamEntry;
import dev.allframe.allsource.io.FileIO;
import dev.allframe.allsource.parquet.HistoryFileSummary;
import dev.allframe.allsource.parquet.ParquetHistory;
import dev.allframe.allsource.recovery.ScanResult;
import dev.allframe.allsource.recovery.SegmentScanner;
import dev.allframe.allsource.wal.RecordReader;
import dev.allframe.allsource.wal.Segment;
import dev.allframe.allsource.wal.SegmentManager;
import dev.allframe.allsource.wal.WalFormat;
import dev.allframe.allsource.wal.WalStart;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes sealed WAL segments whose events are safe in a verified history file, oldest first,
 * keeping the newest {@code keep} sealed segments; afterwards their positions are served by the
 * {@link HistoryTier}. Runs on the history thread after each conversion.
 * <p>
 * A segment is deleted only when nothing else depends on it:
 * <ul>
 *   <li>its history file exists (written to a temp name, forced, renamed) and its footer announces
 *       as many rows, and the same first and last position, as the segment holds events;</li>
 *   <li>it holds no PREPARE record of a transaction still in doubt (then trimming stops there
 *       until the transaction is decided);</li>
 *   <li>every snapshot in it that is still its stream's latest was first written again at the end
 *       of the log (through the log writer, so a newer snapshot saved meanwhile wins) and forced.</li>
 * </ul>
 * Then {@code wal/START} records the new first segment before the file is deleted, so a crash in
 * between leaves a segment that the next open knows it may delete.
 */
final class WalTrimmer {
    private static final Logger LOG = Logger.getLogger(WalTrimmer.class.getName());
    private final SegmentManager segments;
    private final FileIO io;
    private final EventIndex index;
    private final Map<String, ?> prepared;
    private final HistoryTier tier;
    private final Path historyDir;
    private final int keep;
    private final Function<Op<Void>, CompletableFuture<Void>> writer;
    private final BooleanSupplier healthy;
    private WalStart start;

    WalTrimmer(SegmentManager segments, FileIO io, EventIndex index, Map<String, ?> prepared, HistoryTier tier,
               Path historyDir, int keep, WalStart start, Function<Op<Void>, CompletableFuture<Void>> writer,
               BooleanSupplier healthy) {
        this.healthy = healthy;
        this.segments = segments;
        this.io = io;
        this.index = index;
        this.prepared = prepared;
        this.tier = tier;
        this.historyDir = historyDir;
        this.keep = keep;
        this.start = start;
        this.writer = writer;
    }

    /** Deletes what may be deleted now; stops at the first segment that must stay (tried again later). */
    void trim() {
        if (keep < 0 || !healthy.getAsBoolean()) return; // an unhealthy store changes nothing until it is reopened
        List<Segment> all = segments.all();
        int deletable = all.size() - 1 - keep; // the last one is active
        for (int i = 0; i < deletable; i++) {
            Segment s = all.get(i);
            try {
                if (!trim(s)) return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "ALLSOURCE-0410 deleting WAL segment " + s.path() + " after conversion failed; "
                        + "it is kept and tried again after the next conversion", e);
                return;
            }
        }
    }

    private boolean trim(Segment s) throws IOException {
        Path history = s.firstPosition() == 0 ? null : HistoryRollover.fileFor(historyDir, s);
        if (history != null && !Files.exists(history)) return false; // not converted (yet, or it failed: redone at open)
        byte[] data = new byte[(int) s.writeOffset()];
        s.file().readFully(ByteBuffer.wrap(data), 0);
        List<Op<Void>> carries = new ArrayList<>();
        boolean[] inDoubt = {false};
        long[] events = {0};
        ScanResult r = new SegmentScanner().scan(data, data.length, WalFormat.SEGMENT_HEADER, (d, offs, n) -> {
            for (int k = 0; k < n; k++) {
                byte kind = RecordReader.kind(d, offs[k]);
                if (kind == WalFormat.EVENT) events[0]++;
                else if (kind == WalFormat.PREPARE && prepared.containsKey(new RecordReader(d, offs[k]).shortString())) inDoubt[0] = true;
                else if (kind == WalFormat.SNAPSHOT) carry(s, d, offs[k], carries);
            }
        });
        if (r.status() != ScanResult.Status.CLEAN) {
            LOG.log(Level.SEVERE, "ALLSOURCE-0411 sealed segment {0} does not read back clean at offset {1} ({2}); it is kept",
                    new Object[]{s.path(), r.brokenAt(), r.reason()});
            return false;
        }
        if (history != null) {
            HistoryFileSummary h = ParquetHistory.summary(history);
            if (h.rowCount() != events[0] || h.minPosition() != s.firstPosition() || h.maxPosition() != s.lastPosition()) {
                LOG.log(Level.SEVERE, "ALLSOURCE-0414 {0} holds {1} events at {2}..{3}, but segment {4} holds {5} at {6}..{7}; "
                        + "the segment is kept", new Object[]{history, h.rowCount(), h.minPosition(), h.maxPosition(),
                        s.path(), events[0], s.firstPosition(), s.lastPosition()});
                return false;
            }
        }
        if (inDoubt[0]) {
            LOG.log(Level.FINE, "ALLSOURCE-0412 {0} holds a transaction in doubt; kept until it is decided", s.path());
            return false;
        }
        if (!carries.isEmpty()) {
            for (Op<Void> op : carries) writer.apply(op).join();
            writer.apply(new Op.Flush(false)).join(); // forced under every fsync policy before the old copy goes
        }
        WalStart next = new WalStart(s.seq() + 1, Math.max(start.historyThrough(), s.lastPosition()));
        next.write(io, segments.directory());
        start = next;
        if (history != null) tier.add(s.firstPosition(), s.lastPosition(), history);
        segments.remove(s.seq());
        Files.delete(s.path());
        io.forceDirectory(segments.directory());
        LOG.log(Level.FINE, "ALLSOURCE-0413 deleted {0}: positions {1}..{2} are served by {3}",
                new Object[]{s.path(), s.firstPosition(), s.lastPosition(), history});
        return true;
    }

    /** A snapshot that is still its stream's latest is written again at the end of the log. */
    private void carry(Segment s, byte[] d, int off, List<Op<Void>> carries) {
        RecordReader r = new RecordReader(d, off);
        String stream = r.shortString();
        long version = r.longValue();
        byte[] state = r.intBytes();
        long locator = WalFormat.locator(s.seq(), off);
        StreamEntry e = index.stream(stream);
        StreamEntry.SnapshotRef ref = e == null ? null : e.snapshot();
        if (ref != null && ref.locator() == locator) carries.add(new Op.SaveSnapshot(stream, version, state, locator));
    }
}
