package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Decodes the rows of a history file column by column. Every column is required and flat, so each
 * row has exactly one value per column: no record assembly (parquet-java's record reader builds a
 * state machine per row group, which for a page of a hundred rows costs more than decoding it).
 * Filtered page stores (a few pages of a row group) are handled by parquet-java's column readers,
 * which skip to the selected rows.
 */
final class ColumnDecoder {
    private static final PrimitiveConverter IGNORED = new PrimitiveConverter() {
    };
    private static final GroupConverter ROOT = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
            return IGNORED;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    };

    private ColumnDecoder() {
    }

    private static ColumnReader[] readers(PageReadStore pages, MessageType schema, String createdBy) {
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, ROOT, schema, createdBy);
        List<ColumnDescriptor> columns = schema.getColumns();
        ColumnReader[] out = new ColumnReader[columns.size()];
        for (int i = 0; i < out.length; i++) out[i] = store.getColumnReader(columns.get(i));
        return out;
    }

    /** Every row of {@code pages} as an event (all columns of {@link HistorySchema#SCHEMA}). */
    static List<StoredEvent> events(PageReadStore pages, String createdBy) {
        return events(pages, createdBy, null);
    }

    /**
     * The rows of {@code pages} whose position {@code wanted} accepts (all if null) as events; the
     * values of the other rows are decoded (they must be, to get past them) but no objects are made.
     */
    static List<StoredEvent> events(PageReadStore pages, String createdBy, java.util.function.LongPredicate wanted) {
        int n = Math.toIntExact(pages.getRowCount());
        ColumnReader[] c = readers(pages, HistorySchema.SCHEMA, createdBy);
        long[] positions = longs(c[HistorySchema.POSITION], n);
        boolean[] keep = new boolean[n];
        int kept = 0;
        for (int i = 0; i < n; i++) if (keep[i] = wanted == null || wanted.test(positions[i])) kept++;
        List<StoredEvent> out = new ArrayList<>(kept);
        if (kept == 0) return out;
        UUID[] ids = new UUID[n];
        ColumnReader idColumn = c[HistorySchema.EVENT_ID];
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                ByteBuffer u = idColumn.getBinary().toByteBuffer();
                ids[i] = new UUID(u.getLong(u.position()), u.getLong(u.position() + 8));
            } else {
                idColumn.skip(); // consume() alone does not move past an unread value
            }
            idColumn.consume();
        }
        String[] streams = strings(c[HistorySchema.STREAM], n), types = strings(c[HistorySchema.TYPE], n);
        long[] versions = longs(c[HistorySchema.VERSION], n), timestamps = longs(c[HistorySchema.TIMESTAMP], n);
        int[] schemaVersions = new int[n];
        for (int i = 0; i < n; i++) {
            schemaVersions[i] = c[HistorySchema.SCHEMA_VERSION].getInteger();
            c[HistorySchema.SCHEMA_VERSION].consume();
        }
        byte[][] metadata = bytes(c[HistorySchema.METADATA], keep), payloads = bytes(c[HistorySchema.PAYLOAD], keep);
        for (int i = 0; i < n; i++)
            if (keep[i])
                out.add(new StoredEvent(ids[i], streams[i], versions[i], positions[i], timestamps[i], types[i],
                        schemaVersions[i], metadata[i], payloads[i]));
        return out;
    }

    /** The index columns of every row of {@code pages}, which hold the first six columns only. */
    static void index(PageReadStore pages, MessageType indexColumns, String createdBy, HistoryRowGroups.IndexSink sink) {
        int n = Math.toIntExact(pages.getRowCount());
        ColumnReader[] c = readers(pages, indexColumns, createdBy);
        long[] hi = new long[n], lo = new long[n];
        for (int i = 0; i < n; i++) {
            ByteBuffer u = c[HistorySchema.EVENT_ID].getBinary().toByteBuffer();
            hi[i] = u.getLong(u.position());
            lo[i] = u.getLong(u.position() + 8);
            c[HistorySchema.EVENT_ID].consume();
        }
        String[] streams = strings(c[HistorySchema.STREAM], n), types = strings(c[HistorySchema.TYPE], n);
        long[] versions = longs(c[HistorySchema.VERSION], n), positions = longs(c[HistorySchema.POSITION], n),
                timestamps = longs(c[HistorySchema.TIMESTAMP], n);
        for (int i = 0; i < n; i++) sink.row(hi[i], lo[i], streams[i], versions[i], positions[i], timestamps[i], types[i]);
    }

    private static long[] longs(ColumnReader r, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.getLong();
            r.consume();
        }
        return out;
    }

    /** Names repeat (dictionary-encoded): one String per run of equal values. */
    private static String[] strings(ColumnReader r, int n) {
        String[] out = new String[n];
        Binary last = null;
        String lastString = null;
        for (int i = 0; i < n; i++) {
            Binary b = r.getBinary();
            if (!b.equals(last)) {
                lastString = b.toStringUsingUTF8();
                last = b.copy();
            }
            out[i] = lastString;
            r.consume();
        }
        return out;
    }

    /** Copies the values of the rows kept: no two events share an array (dictionary pages reuse values). */
    private static byte[][] bytes(ColumnReader r, boolean[] keep) {
        byte[][] out = new byte[keep.length][];
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                ByteBuffer b = r.getBinary().toByteBuffer();
                byte[] a = new byte[b.remaining()];
                b.get(a);
                out[i] = a;
            } else {
                r.skip(); // consume() alone does not move past an unread value
            }
            r.consume();
        }
        return out;
    }
}
