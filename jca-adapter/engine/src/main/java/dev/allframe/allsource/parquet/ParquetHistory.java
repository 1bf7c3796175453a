package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes and reads Parquet history files: one row per {@link StoredEvent}, typed columns
 * ({@link HistorySchema}), ZSTD-compressed, readable by DuckDB, Spark, pandas and the like.
 * <p>
 * A file is written to a hidden temporary name in the target's directory ({@code .<name>.tmp-<random>}),
 * fsynced, atomically renamed to its final name, and then the directory is fsynced: a crash leaves
 * either no file or the complete one under the final name, never a partial one. Leftover temporary
 * files can be removed with {@link #deleteLeftovers(Path)}.
 * <p>
 * Reading reports a missing, empty (0-byte), foreign or damaged file as {@link HistoryFileException}
 * naming the file; it never yields silently empty or truncated results.
 */
public final class ParquetHistory {
    /** Marker in the names of temporary files that are not yet (or never were) renamed. */
    public static final String TEMP_MARKER = ".tmp-";

    private ParquetHistory() {
    }

    /**
     * Writes {@code events} (in the given order, at least one) to {@code target}, atomically replacing
     * any existing file of that name.
     *
     * @return the footer summary of the file written
     * @throws IllegalArgumentException if {@code events} is empty or an event lacks id, stream, type or payload
     * @throws HistoryFileException     if the file cannot be written (nothing is left under the final name then)
     */
    public static HistoryFileSummary write(Path target, List<StoredEvent> events) {
        if (events.isEmpty()) throw new IllegalArgumentException("a history file needs at least one event: " + target);
        return write(target, events.iterator());
    }

    /** Iterable form of {@link #write(Path, Iterator)}. */
    public static HistoryFileSummary write(Path target, Iterable<StoredEvent> events) {
        return write(target, events.iterator());
    }

    /**
     * Streams {@code events} into {@code target} without holding them all in memory; otherwise as
     * {@link #write(Path, List)}.
     */
    public static HistoryFileSummary write(Path target, Iterator<StoredEvent> events) {
        return write(target, events, false);
    }

    /**
     * As {@link #write(Path, Iterator)}; with {@code forPointReads}, pages of 128 rows (see
     * {@link HistoryRowGroups#readPagesOf}), for files that replace deleted WAL segments.
     */
    public static HistoryFileSummary write(Path target, Iterator<StoredEvent> events, boolean forPointReads) {
        int pageRows = forPointReads ? HistoryWriterBuilder.POINT_READ_PAGE_ROWS : HistoryWriterBuilder.SCAN_PAGE_ROWS;
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        Path tmp = dir.resolve("." + file.getFileName() + TEMP_MARKER
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Summarizer summary = new Summarizer();
            try (ParquetWriter<StoredEvent> writer = HistoryWriterBuilder.create(new SyncedOutputFile(tmp), pageRows)) {
                while (events.hasNext()) {
                    StoredEvent e = events.next();
                    check(e, file);
                    writer.write(e);
                    summary.add(e);
                }
            }
            if (summary.rows == 0) throw new IllegalArgumentException("a history file needs at least one event: " + file);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(dir);
            return summary.toSummary(file, Files.size(file));
        } catch (IOException e) {
            HistoryFileException failure = new HistoryFileException(file, "cannot be written: " + e, e);
            deleteAfterFailure(tmp, failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            deleteAfterFailure(tmp, e);
            throw e;
        }
    }

    /**
     * Reads every event of a history file into memory, in file order.
     *
     * @throws HistoryFileException if the file is missing, empty, not a history file or damaged
     */
    public static List<StoredEvent> read(Path file) {
        List<StoredEvent> out = new ArrayList<>();
        try (CloseableIterator<StoredEvent> it = open(file)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /**
     * Opens a history file for streaming, one row group in memory at a time. The caller must close
     * the iterator. Iteration throws {@link HistoryFileException} on damage.
     *
     * @throws HistoryFileException if the file is missing, empty or not a history file
     */
    public static CloseableIterator<StoredEvent> open(Path file) {
        return HistoryFileReader.open(file);
    }

    /**
     * Reads only the footer: row count and position/timestamp ranges, from the column statistics.
     *
     * @throws HistoryFileException if the file is missing, empty, not a history file, or its footer lacks statistics
     */
    public static HistoryFileSummary summary(Path file) {
        try (ParquetFileReader r = HistoryFileReader.openValidated(file)) {
            Summarizer s = new Summarizer();
            for (BlockMetaData block : r.getFooter().getBlocks()) {
                s.rows += block.getRowCount();
                for (ColumnChunkMetaData column : block.getColumns()) {
                    String name = column.getPath().toDotString();
                    if (name.equals("position")) s.position(file, column.getStatistics());
                    else if (name.equals("timestamp")) s.timestamp(file, column.getStatistics());
                }
            }
            if (s.rows == 0) throw new HistoryFileException(file, "holds no events; history files are never empty", null);
            return s.toSummary(file, Files.size(file));
        } catch (IOException e) {
            throw new HistoryFileException(file, "cannot be read: " + e, e);
        }
    }

    /**
     * The position range in a history file name ({@code <first>-<last>.parquet}): {@code {first, last}},
     * or null if {@code file} is not named like a history file.
     */
    public static long[] rangeOf(Path file) {
        String n = file.getFileName().toString();
        if (!n.endsWith(".parquet") || n.startsWith(".")) return null;
        int dash = n.indexOf('-');
        if (dash < 1) return null;
        try {
            long first = Long.parseLong(n.substring(0, dash)), last = Long.parseLong(n.substring(dash + 1, n.length() - 8));
            return first >= 1 && last >= first ? new long[]{first, last} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The history files in {@code dir} whose positions all lie at or below {@code through}, by
     * position: in a store whose old WAL segments were deleted, the only copy of those events.
     */
    public static List<Path> filesThrough(Path dir, long through) throws IOException {
        List<Path> out = new ArrayList<>();
        if (through <= 0 || !Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.parquet")) {
            for (Path p : ds) {
                long[] r = rangeOf(p);
                if (r != null && r[1] <= through) out.add(p);
            }
        }
        out.sort(java.util.Comparator.comparingLong(p -> rangeOf(p)[0]));
        return out;
    }

    /**
     * Deletes temporary files left in {@code dir} by writes interrupted by a crash.
     *
     * @return the files deleted
     */
    public static List<Path> deleteLeftovers(Path dir) {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + TEMP_MARKER + "*")) {
            for (Path p : files) {
                Files.delete(p);
                deleted.add(p);
            }
        } catch (IOException e) {
            throw new HistoryFileException(dir, "cannot remove leftover temporary files: " + e, e);
        }
        return deleted;
    }

    private static void check(StoredEvent e, Path file) {
        if (e == null || e.id() == null || e.stream() == null || e.type() == null || e.payload() == null)
            throw new IllegalArgumentException("event " + (e == null ? "null" : "at position " + e.position())
                    + " lacks id, stream, type or payload; not written to " + file);
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) return; // directories cannot be opened there
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void deleteAfterFailure(Path tmp, Throwable failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Accumulates row count and ranges, while writing or from footer statistics. */
    private static final class Summarizer {
        long rows;
        long minPosition = Long.MAX_VALUE, maxPosition = Long.MIN_VALUE;
        long minTime = Long.MAX_VALUE, maxTime = Long.MIN_VALUE;

        void add(StoredEvent e) {
            rows++;
            minPosition = Math.min(minPosition, e.position());
            maxPosition = Math.max(maxPosition, e.position());
            minTime = Math.min(minTime, e.timestampMicros());
            maxTime = Math.max(maxTime, e.timestampMicros());
        }

        void position(Path file, Statistics<?> stats) {
            requireStats(file, "position", stats);
            minPosition = Math.min(minPosition, (Long) stats.genericGetMin());
            maxPosition = Math.max(maxPosition, (Long) stats.genericGetMax());
        }

        void timestamp(Path file, Statistics<?> stats) {
            requireStats(file, "timestamp", stats);
            minTime = Math.min(minTime, (Long) stats.genericGetMin());
            maxTime = Math.max(maxTime, (Long) stats.genericGetMax());
        }

        private static void requireStats(Path file, String column, Statistics<?> stats) {
            if (stats == null || stats.isEmpty() || !stats.hasNonNullValue())
                throw new HistoryFileException(file, "footer has no min/max statistics for column " + column, null);
        }

        HistoryFileSummary toSummary(Path file, long size) {
            return new HistoryFileSummary(file, rows, minPosition, maxPosition, minTime, maxTime, size);
        }
    }
}
