package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Random access to the row groups of one history file, for a store whose WAL segments were
 * deleted after conversion: the index columns of every row at open ({@link #scanIndex}), and the
 * full events of one row group when a read needs them ({@link #read}). Row groups are found by
 * the min/max statistics of {@code position} in the footer. Not thread-safe: callers serialize.
 */
public final class HistoryRowGroups implements AutoCloseable {
    /** The columns the index needs: everything but schema version, metadata and payload. */
    private static final MessageType INDEX_COLUMNS = Types.buildMessage()
            .addFields(HistorySchema.SCHEMA.getFields().subList(HistorySchema.EVENT_ID, HistorySchema.TYPE + 1)
                    .toArray(new org.apache.parquet.schema.Type[0]))
            .named("allsource_event");

    /** Receives the index columns of one row. */
    public interface IndexSink {
        void row(long idHi, long idLo, String stream, long version, long position, long timestampMicros, String type);
    }

    private final Path file;
    private final ParquetFileReader reader;
    private final long[] minPosition, maxPosition, rows;
    /** Per row group, read when first needed: first row and lowest position of each page of {@code position}. */
    private final long[][] pageFirstRow, pageMinPosition;
    private final ColumnChunkMetaData[] positionColumn;
    private final String createdBy;

    private HistoryRowGroups(Path file, ParquetFileReader reader) {
        this.file = file;
        this.reader = reader;
        this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        List<BlockMetaData> blocks = reader.getRowGroups();
        int n = blocks.size();
        minPosition = new long[n];
        maxPosition = new long[n];
        rows = new long[n];
        pageFirstRow = new long[n][];
        pageMinPosition = new long[n][];
        positionColumn = new ColumnChunkMetaData[n];
        for (int g = 0; g < n; g++) {
            BlockMetaData b = blocks.get(g);
            rows[g] = b.getRowCount();
            Statistics<?> s = null;
            for (ColumnChunkMetaData c : b.getColumns())
                if (c.getPath().toDotString().equals("position")) {
                    s = c.getStatistics();
                    positionColumn[g] = c;
                }
            if (s == null || s.isEmpty() || !s.hasNonNullValue())
                throw failure("row group " + g + " has no min/max statistics for column position", null);
            minPosition[g] = (Long) s.genericGetMin();
            maxPosition[g] = (Long) s.genericGetMax();
        }
    }

    /**
     * Opens {@code file} (reads its footer).
     *
     * @throws HistoryFileException if the file is missing, empty, not a history file or its footer is unusable
     */
    public static HistoryRowGroups open(Path file) {
        ParquetFileReader r = HistoryFileReader.openValidated(file);
        try {
            return new HistoryRowGroups(file, r);
        } catch (RuntimeException e) {
            try {
                r.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Rows in the file, as the footer announces. */
    public long rowCount() {
        long n = 0;
        for (long r : rows) n += r;
        return n;
    }

    /** The row group whose position range holds {@code position}, or -1. */
    public int groupOf(long position) {
        int lo = 0, hi = minPosition.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (maxPosition[mid] < position) lo = mid + 1;
            else if (minPosition[mid] > position) hi = mid - 1;
            else return mid;
        }
        return -1;
    }

    /**
     * Decodes the events of the page that holds {@code position} (found through the page index of
     * the {@code position} column; pages hold 128 rows in files written for point reads), with
     * every column of those rows; the whole row group if the file has no page index.
     *
     * @return the events of those rows in file order; empty if no row group holds {@code position}
     * @throws HistoryFileException if the pages are damaged (their checksums are verified)
     */
    public List<StoredEvent> readPageOf(long position) {
        return readPagesOf(new long[]{position}, 0, 1, false);
    }

    /**
     * Decodes the pages that hold {@code positions[from..to)} (ascending), one read per row group for
     * all its pages needed; otherwise as {@link #readPageOf}. With {@code onlyThese}, only the events
     * at those positions are returned (the other rows of their pages are decoded, not materialized).
     */
    public List<StoredEvent> readPagesOf(long[] positions, int from, int to, boolean onlyThese) {
        List<StoredEvent> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            int g = groupOf(positions[i]);
            if (g < 0) {
                i++;
                continue;
            }
            try {
                if (pageFirstRow[g] == null && !pageIndex(g)) {
                    out.addAll(read(g));
                    while (i < to && positions[i] <= maxPosition[g]) i++;
                    continue;
                }
                org.apache.parquet.filter2.columnindex.RowRanges.Builder ranges =
                        org.apache.parquet.filter2.columnindex.RowRanges.builder();
                int start = i;
                int lastPage = -1;
                for (; i < to && positions[i] <= maxPosition[g]; i++) {
                    int k = pageOf(g, positions[i]);
                    if (k == lastPage) continue;
                    long first = pageFirstRow[g][k];
                    long last = (k + 1 < pageFirstRow[g].length ? pageFirstRow[g][k + 1] : rows[g]) - 1;
                    ranges.addSelectedRange(first, last);
                    lastPage = k;
                }
                PageReadStore pages = reader.readFilteredRowGroup(g, ranges.build());
                if (pages == null) throw failure("row group " + g + " has none of the rows its page index lists", null);
                int a = start, b = i;
                out.addAll(decode(pages, g, onlyThese ? p -> java.util.Arrays.binarySearch(positions, a, b, p) >= 0 : null));
            } catch (IOException | RuntimeException e) {
                if (e instanceof HistoryFileException h) throw h;
                throw failure("damaged page of row group " + g + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The last page of row group {@code g} whose lowest position is {@code <= position}. */
    private int pageOf(int g, long position) {
        long[] minPos = pageMinPosition[g];
        int k = 0, lo = 0, hi = minPos.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (minPos[mid] <= position) {
                k = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return k;
    }

    /** Loads the page index of the position column of row group {@code g}; false if the file has none. */
    private boolean pageIndex(int g) throws IOException {
        org.apache.parquet.internal.column.columnindex.OffsetIndex offsets = reader.readOffsetIndex(positionColumn[g]);
        org.apache.parquet.internal.column.columnindex.ColumnIndex index = reader.readColumnIndex(positionColumn[g]);
        if (offsets == null || index == null) return false;
        int n = offsets.getPageCount();
        List<ByteBuffer> mins = index.getMinValues();
        if (mins.size() != n) throw failure("page index of row group " + g + " lists " + mins.size() + " pages, its offset index " + n, null);
        long[] firstRow = new long[n], minPos = new long[n];
        for (int k = 0; k < n; k++) {
            firstRow[k] = offsets.getFirstRowIndex(k);
            ByteBuffer b = mins.get(k);
            minPos[k] = b.order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(b.position());
        }
        pageMinPosition[g] = minPos;
        pageFirstRow[g] = firstRow;
        return true;
    }

    private List<StoredEvent> decode(PageReadStore pages, int g) {
        return decode(pages, g, null);
    }

    private List<StoredEvent> decode(PageReadStore pages, int g, java.util.function.LongPredicate wanted) {
        List<StoredEvent> out = ColumnDecoder.events(pages, createdBy, wanted);
        for (StoredEvent e : out)
            if (e.id() == null || e.stream() == null) throw failure("a row of row group " + g + " could not be decoded", null);
        return out;
    }

    /**
     * Decodes every event of row group {@code g}, in file order.
     *
     * @throws HistoryFileException if the row group is damaged (checksums of pages are verified)
     */
    public List<StoredEvent> read(int g) {
        try {
            PageReadStore group = reader.readRowGroup(g);
            if (group == null) throw failure("row group " + g + " is missing", null);
            return decode(group, g);
        } catch (IOException | RuntimeException e) {
            if (e instanceof HistoryFileException h) throw h;
            throw failure("damaged row group " + g + ": " + e.getMessage(), e);
        }
    }

    /**
     * Passes the index columns of every row, in file order, to {@code sink} without decoding
     * payloads; checks that as many rows come as the footer announces.
     */
    public void scanIndex(IndexSink sink) {
        reader.setRequestedSchema(INDEX_COLUMNS);
        long[] seen = {0};
        IndexSink counting = (hi, lo, stream, version, position, ts, type) -> {
            seen[0]++;
            sink.row(hi, lo, stream, version, position, ts, type);
        };
        try {
            for (int g = 0; g < rows.length; g++) {
                PageReadStore group = reader.readRowGroup(g);
                if (group == null) throw failure("row group " + g + " is missing", null);
                ColumnDecoder.index(group, INDEX_COLUMNS, createdBy, counting);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof HistoryFileException h) throw h;
            throw failure("damaged after row " + seen[0] + ": " + e.getMessage(), e);
        } finally {
            reader.setRequestedSchema(HistorySchema.SCHEMA);
        }
        if (seen[0] != rowCount()) throw failure("holds " + seen[0] + " rows, its footer announces " + rowCount(), null);
    }

    private HistoryFileException failure(String problem, Throwable cause) {
        return new HistoryFileException(file, problem, cause);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw failure("cannot be closed: " + e, e);
        }
    }
}
