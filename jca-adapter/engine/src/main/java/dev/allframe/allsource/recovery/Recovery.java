package dev.allframe.allsource.recovery;

import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.CorruptLogException;
import dev.allframe.allsource.io.FileIO;
import dev.allframe.allsource.io.LogFile;
import dev.allframe.allsource.wal.Segment;
import dev.allframe.allsource.wal.SegmentManager;
import dev.allframe.allsource.wal.WalFormat;
import dev.allframe.allsource.wal.WalStart;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens every segment of a WAL directory in order, validates it record by record and replays
 * complete groups into a {@link Sink}. A torn tail of the last segment is cut at the end of the
 * last complete group (its bytes are first copied to the quarantine directory); damage followed
 * by valid data stops with {@link CorruptLogException} unless quarantine is enabled, which moves
 * the damaged bytes to the quarantine directory and leaves a SKIP record in their place.
 * In read-only mode nothing is changed and every problem is reported as an {@link Issue}.
 */
public final class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());

    /** Receives replayed groups; {@link #quarantined()} tells it that positions may now have gaps. */
    public interface Sink {
        void group(Segment segment, byte[] data, int[] offsets, int count);

        void quarantined();
    }

    /** A problem found (and possibly repaired). */
    public record Issue(Path file, long offset, String problem, String action) {
        @Override
        public String toString() {
            return file + " @ " + offset + ": " + problem + " -> " + action;
        }
    }

    private final Path walDir, quarantineDir;
    private final FileIO io;
    private final SegmentManager segments;
    private final boolean quarantine, readOnly;
    private final List<Issue> issues = new ArrayList<>();
    private WalStart start = WalStart.NONE;
    private final SegmentScanner scanner = new SegmentScanner();
    private byte[] buffer = new byte[0];

    public Recovery(Path walDir, Path quarantineDir, FileIO io, SegmentManager segments, boolean quarantine, boolean readOnly) {
        this.walDir = walDir;
        this.quarantineDir = quarantineDir;
        this.io = io;
        this.segments = segments;
        this.quarantine = quarantine;
        this.readOnly = readOnly;
    }

    public List<Issue> issues() {
        return issues;
    }

    /**
     * Where the WAL starts (segments below {@link WalStart#firstSegment()} were deleted after their
     * events moved to history files): they are not missing, and any left over by a crash in the middle
     * of deleting them are removed (read-only: skipped).
     */
    public Recovery startingAt(WalStart start) {
        this.start = start;
        return this;
    }

    /** Recovers all segments into {@code sink}; the segments end up registered in the manager. */
    public void run(Sink sink) throws IOException {
        if (hasQuarantinedBytes()) {
            // an earlier recovery moved damaged bytes aside: the positions they held are gone for good
            LOG.log(Level.WARNING, "ALLSOURCE-0308 {0} holds bytes moved out of the log earlier; positions may have gaps", quarantineDir);
            sink.quarantined();
        }
        TreeMap<Long, Path> files = listSegments();
        dropTrimmed(files);
        if (files.isEmpty() && start.firstSegment() > 1) {
            Path missing = walDir.resolve(WalFormat.segmentName(start.firstSegment()));
            String problem = "no WAL segment left, although " + WalStart.FILE + " says the WAL starts with this one";
            if (readOnly) issues.add(new Issue(missing, 0, problem, "none (read-only)"));
            else throw new CorruptLogException(missing, 0, problem + "; restore the WAL from a backup");
        }
        long lastSeq = files.isEmpty() ? 0 : files.lastKey();
        checkNoneMissing(files, sink);
        for (var e : files.entrySet()) {
            recoverSegment(e.getKey(), e.getValue(), e.getKey() == lastSeq, sink);
        }
    }

    /** {@code dir/name}, or {@code dir/name.N} if taken: quarantined bytes are never overwritten. */
    public static Path freeName(Path dir, String name) {
        Path p = dir.resolve(name);
        for (int i = 1; Files.exists(p); i++) p = dir.resolve(name + "." + i);
        return p;
    }

    /** Segments below the WAL start: left over by a crash after {@code START} was written, before they were deleted. */
    private void dropTrimmed(TreeMap<Long, Path> files) throws IOException {
        var below = files.headMap(start.firstSegment());
        for (Path p : below.values()) {
            if (readOnly) continue;
            LOG.log(Level.INFO, "ALLSOURCE-0312 deleting {0}: its events are in history files and the WAL starts at "
                    + "segment {1} (a deletion interrupted earlier)", new Object[]{p, start.firstSegment()});
            Files.delete(p);
        }
        if (!below.isEmpty() && !readOnly) io.forceDirectory(walDir);
        below.clear();
    }

    private void checkNoneMissing(TreeMap<Long, Path> files, Sink sink) {
        long expected = start.firstSegment();
        for (long seq : files.keySet()) {
            if (seq != expected) {
                Path missing = walDir.resolve(WalFormat.segmentName(expected));
                String problem = "segment missing (found " + WalFormat.segmentName(seq) + " next); its events are gone";
                if (readOnly) issues.add(new Issue(missing, 0, problem, "none (read-only)"));
                else if (!quarantine) throw new CorruptLogException(missing, 0, problem);
                else LOG.log(Level.SEVERE, "ALLSOURCE-0309 {0}: {1}; opening anyway (quarantine enabled)", new Object[]{missing, problem});
                sink.quarantined();
            }
            expected = seq + 1;
        }
    }

    /** Whether an earlier recovery moved bytes of the log to quarantine (positions may have gaps). */
    public boolean hasQuarantinedBytes() throws IOException {
        if (!Files.isDirectory(quarantineDir)) return false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(quarantineDir, "*.wal*.bad*")) {
            return ds.iterator().hasNext();
        }
    }

    private TreeMap<Long, Path> listSegments() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                long seq = WalFormat.segmentSeq(name);
                if (seq > 0) files.put(seq, p);
                else if (name.equals(WalStart.FILE)) continue;
                else if (name.equals(WalStart.FILE + ".tmp")) {
                    if (!readOnly) Files.delete(p); // an update cut short: the old START holds
                }
                else if (name.endsWith(".wal.tmp") && !readOnly) {
                    LOG.log(Level.INFO, "ALLSOURCE-0301 removing unfinished preallocated segment {0} (never held data)", p);
                    Files.delete(p);
                } else if (!name.endsWith(".wal.tmp")) {
                    LOG.log(Level.WARNING, "ALLSOURCE-0302 ignoring unexpected file {0} in the WAL directory", p);
                    issues.add(new Issue(p, 0, "unexpected file in the WAL directory", "ignored"));
                }
            }
        }
        return files;
    }

    private void recoverSegment(long seq, Path path, boolean last, Sink sink) throws IOException {
        long fileSize = Files.size(path);
        if (fileSize == 0) {
            zeroLength(seq, path, last, sink);
            return;
        }
        if (fileSize > Integer.MAX_VALUE - 16)
            throw new CorruptLogException(path, 0, "segment of " + fileSize + " bytes is larger than any segment this engine writes");
        LogFile file = readOnly ? io.openReadOnly(path) : io.open(path, false);
        int size = (int) fileSize;
        byte[] data = read(file, path, size);
        String bad = WalFormat.checkSegmentHeader(data, size, seq);
        if (bad != null) {
            file.close();
            wholeFile(path, bad, sink);
            return;
        }
        Segment seg = new Segment(seq, path, file, WalFormat.SEGMENT_HEADER);
        segments.add(seg);
        SegmentScanner.GroupSink gs = (d, offs, n) -> sink.group(seg, d, offs, n);
        int from = WalFormat.SEGMENT_HEADER;
        while (true) {
            ScanResult r = scanner.scan(data, size, from, gs);
            if (r.status() == ScanResult.Status.CLEAN) {
                seg.writeOffset(r.end());
                return;
            }
            if (r.status() == ScanResult.Status.TORN && last) {
                tornTail(seg, data, r);
                seg.writeOffset(r.end());
                return;
            }
            int resume = r.resume();
            if (readOnly) {
                issues.add(new Issue(path, r.brokenAt(), r.reason(), "none (read-only)"));
                if (r.status() == ScanResult.Status.TORN || resume <= r.end()) return;
                sink.quarantined();
                from = resume;
                continue;
            }
            if (!quarantine) throw new CorruptLogException(path, r.brokenAt(), r.reason());
            if (resume - r.end() < WalFormat.RECORD_HEADER)
                throw new CorruptLogException(path, r.brokenAt(), r.reason() + " (damaged range too small to mark; repair by hand)");
            moveAside(seg, data, r.end(), resume, r.reason());
            sink.quarantined();
            from = r.end();
        }
    }

    private byte[] read(LogFile file, Path path, int size) throws IOException {
        if (buffer.length < size) buffer = new byte[size];
        try {
            file.readFully(ByteBuffer.wrap(buffer, 0, size), 0);
        } catch (IOException e) {
            file.close();
            throw new AllSourceException("ALLSOURCE-0303 cannot read segment " + path + ": " + e.getMessage(), e);
        }
        return buffer;
    }

    private void zeroLength(long seq, Path path, boolean last, Sink sink) throws IOException {
        if (last && !readOnly) {
            LOG.log(Level.WARNING, "ALLSOURCE-0304 last segment {0} is empty (0 bytes; a crash while creating it); re-creating it", path);
            issues.add(new Issue(path, 0, "zero-length last segment", "re-created"));
            segments.create(seq);
            return;
        }
        wholeFile(path, "zero-length segment" + (last ? "" : " in the middle of the log"), sink);
    }

    private void wholeFile(Path path, String problem, Sink sink) throws IOException {
        sink.quarantined();
        if (readOnly) {
            issues.add(new Issue(path, 0, problem, "none (read-only)"));
            return;
        }
        if (!quarantine) throw new CorruptLogException(path, 0, problem);
        Files.createDirectories(quarantineDir);
        Path target = freeName(quarantineDir, path.getFileName() + ".bad");
        io.moveAtomically(path, target);
        io.forceDirectory(walDir);
        LOG.log(Level.WARNING, "ALLSOURCE-0305 {0}: {1}; moved the file to {2}", new Object[]{path, problem, target});
        issues.add(new Issue(path, 0, problem, "moved to " + target));
    }

    private void tornTail(Segment seg, byte[] data, ScanResult r) throws IOException {
        int from = r.end(), to = Math.max(r.resume(), r.brokenAt());
        if (readOnly) {
            issues.add(new Issue(seg.path(), r.brokenAt(), "torn tail: " + r.reason(), "none (read-only; opening cuts it at offset " + from + ")"));
            return;
        }
        Path q = copyOut(seg, data, from, to, ".torn");
        byte[] zeros = new byte[to - from];
        seg.file().write(ByteBuffer.wrap(zeros), from);
        seg.file().force(false);
        LOG.log(Level.WARNING, "ALLSOURCE-0306 torn tail in {0} at offset {1} ({2}); cut at {3}, the {4} unacknowledged bytes are kept in {5}",
                new Object[]{seg.path(), r.brokenAt(), r.reason(), from, to - from, q});
        issues.add(new Issue(seg.path(), r.brokenAt(), "torn tail: " + r.reason(), "cut at " + from + ", bytes kept in " + q));
    }

    private void moveAside(Segment seg, byte[] data, int from, int to, String reason) throws IOException {
        Path q = copyOut(seg, data, from, to, ".bad");
        int len = to - from;
        java.util.Arrays.fill(data, from, to, (byte) 0);
        WalFormat.putSkip(data, from, len);
        seg.file().write(ByteBuffer.wrap(data, from, len), from);
        seg.file().force(false);
        LOG.log(Level.SEVERE, "ALLSOURCE-0307 corrupt log {0} at offset {1} ({2}); moved {3} bytes to {4} (quarantine enabled)",
                new Object[]{seg.path(), from, reason, len, q});
        issues.add(new Issue(seg.path(), from, reason, "moved " + len + " bytes to " + q));
    }

    private Path copyOut(Segment seg, byte[] data, int from, int to, String suffix) throws IOException {
        Files.createDirectories(quarantineDir);
        Path q = freeName(quarantineDir, seg.path().getFileName() + "." + from + "-" + to + suffix);
        try (LogFile f = io.open(q, true)) {
            f.truncate(0);
            f.write(ByteBuffer.wrap(data, from, to - from), 0);
            f.force(true);
        }
        io.forceDirectory(quarantineDir);
        return q;
    }
}
