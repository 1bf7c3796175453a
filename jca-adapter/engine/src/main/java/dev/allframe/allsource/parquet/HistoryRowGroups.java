package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
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

    private HistoryRowGroups(Path file, ParquetFileReader reader) {
        this.file = file;
        this.reader = reader;
        List<BlockMetaData> blocks = reader.getRowGroups();
        int n = blocks.size();
        minPosition = new long[n];
        maxPosition = new long[n];
        rows = new long[n];
        for (int g = 0; g < n; g++) {
            BlockMetaData b = blocks.get(g);
            rows[g] = b.getRowCount();
            Statistics<?> s = null;
            for (ColumnChunkMetaData c : b.getColumns())
                if (c.getPath().toDotString().equals("position")) s = c.getStatistics();
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
     * Decodes every event of row group {@code g}, in file order.
     *
     * @throws HistoryFileException if the row group is damaged (checksums of pages are verified)
     */
    public List<StoredEvent> read(int g) {
        List<StoredEvent> out = new ArrayList<>((int) rows[g]);
        try {
            PageReadStore group = reader.readRowGroup(g);
            if (group == null) throw failure("row group " + g + " is missing", null);
            RecordReader<StoredEvent> rr = new ColumnIOFactory().getColumnIO(HistorySchema.SCHEMA)
                    .getRecordReader(group, new StoredEventMaterializer());
            for (long i = 0, n = group.getRowCount(); i < n; i++) {
                StoredEvent e = rr.read();
                if (e == null || e.id() == null) throw failure("row " + i + " of row group " + g + " could not be decoded", null);
                out.add(e);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof HistoryFileException h) throw h;
            throw failure("damaged row group " + g + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Passes the index columns of every row, in file order, to {@code sink} without decoding
     * payloads; checks that as many rows come as the footer announces.
     */
    public void scanIndex(IndexSink sink) {
        reader.setRequestedSchema(INDEX_COLUMNS);
        MessageColumnIO io = new ColumnIOFactory().getColumnIO(INDEX_COLUMNS, HistorySchema.SCHEMA);
        IndexMaterializer m = new IndexMaterializer(sink);
        long seen = 0;
        try {
            for (int g = 0; g < rows.length; g++) {
                PageReadStore group = reader.readRowGroup(g);
                if (group == null) throw failure("row group " + g + " is missing", null);
                RecordReader<Void> rr = io.getRecordReader(group, m);
                for (long i = 0, n = group.getRowCount(); i < n; i++) {
                    rr.read();
                    seen++;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof HistoryFileException h) throw h;
            throw failure("damaged after row " + seen + ": " + e.getMessage(), e);
        } finally {
            reader.setRequestedSchema(HistorySchema.SCHEMA);
        }
        if (seen != rowCount()) throw failure("holds " + seen + " rows, its footer announces " + rowCount(), null);
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

    /** Calls the sink once per row with the index columns; makes no objects but the names. */
    private static final class IndexMaterializer extends RecordMaterializer<Void> {
        private final IndexSink sink;
        private long hi, lo, version, position, timestamp;
        private String stream, type;
        private Binary lastStream, lastType;

        IndexMaterializer(IndexSink sink) {
            this.sink = sink;
        }

        private final Converter[] fields = {
                new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary b) {
                        ByteBuffer u = b.toByteBuffer();
                        hi = u.getLong(u.position());
                        lo = u.getLong(u.position() + 8);
                    }
                },
                new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary b) {
                        if (!b.equals(lastStream)) {
                            stream = b.toStringUsingUTF8();
                            lastStream = b.copy();
                        }
                    }
                },
                longs(0), longs(1), longs(2),
                new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary b) {
                        if (!b.equals(lastType)) {
                            type = b.toStringUsingUTF8();
                            lastType = b.copy();
                        }
                    }
                },
        };

        private PrimitiveConverter longs(int which) {
            return new PrimitiveConverter() {
                @Override
                public void addLong(long v) {
                    if (which == 0) version = v;
                    else if (which == 1) position = v;
                    else timestamp = v;
                }
            };
        }

        private final GroupConverter root = new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return fields[fieldIndex];
            }

            @Override
            public void start() {
            }

            @Override
            public void end() {
                sink.row(hi, lo, stream, version, position, timestamp, type);
            }
        };

        @Override
        public Void getCurrentRecord() {
            return null;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }
}
