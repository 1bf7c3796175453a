package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * Streams the events of one history file, one row group in memory at a time (decoded column by
 * column, see {@link ColumnDecoder}). Any damage found
 * while reading is reported as {@link HistoryFileException}; the iterator never ends early
 * without saying so (it checks the row count announced by the footer).
 */
final class HistoryFileReader implements CloseableIterator<StoredEvent> {
    private final Path file;
    private final ParquetFileReader reader;
    private final String createdBy;
    private final long expectedRows;
    private java.util.List<StoredEvent> rows = java.util.List.of();
    private int nextInGroup;
    private long read;
    private boolean closed;

    private HistoryFileReader(Path file, ParquetFileReader reader) {
        this.file = file;
        this.reader = reader;
        this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        this.expectedRows = reader.getRecordCount();
    }

    /** Opens {@code file} and checks that it is an AllSource history file. */
    static HistoryFileReader open(Path file) {
        return new HistoryFileReader(file, openValidated(file));
    }

    /**
     * Opens a Parquet reader on {@code file} (reads the footer only), after checking that the file
     * exists, is not empty and has the history schema.
     */
    static ParquetFileReader openValidated(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new HistoryFileException(file, "does not exist", e);
        } catch (IOException e) {
            throw new HistoryFileException(file, "cannot be accessed: " + e, e);
        }
        if (size == 0)
            throw new HistoryFileException(file, "is empty (0 bytes), so it is not a Parquet file; it was cut short or "
                    + "damaged: rebuild it from its WAL segment or restore it from a backup", null);
        ParquetFileReader r;
        try {
            r = ParquetFileReader.open(new BufferedInputFile(file), PlainReadOptions.create());
        } catch (IOException | RuntimeException e) {
            throw new HistoryFileException(file, "is not a readable Parquet file (" + e.getMessage()
                    + "); rebuild it from its WAL segment or restore it from a backup", e);
        }
        if (!HistorySchema.SCHEMA.equals(r.getFileMetaData().getSchema())) {
            HistoryFileException e = new HistoryFileException(file, "is a Parquet file but not an AllSource history file "
                    + "(schema " + r.getFileMetaData().getSchema() + ")", null);
            closeAfterFailure(r, e);
            throw e;
        }
        return r;
    }

    @Override
    public boolean hasNext() {
        if (closed) return false;
        try {
            while (nextInGroup == rows.size()) {
                PageReadStore group = reader.readNextRowGroup();
                if (group == null) {
                    if (read != expectedRows)
                        throw new HistoryFileException(file, "ended after " + read + " rows, its footer announces "
                                + expectedRows, null);
                    return false;
                }
                rows = ColumnDecoder.events(group, createdBy);
                nextInGroup = 0;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (e instanceof HistoryFileException h) throw h;
            throw new HistoryFileException(file, "damaged row group after row " + read + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StoredEvent next() {
        if (!hasNext()) throw new NoSuchElementException("no more events in " + file);
        StoredEvent e = rows.get(nextInGroup++);
        if (e.id() == null || e.stream() == null)
            throw new HistoryFileException(file, "row " + (read + 1) + " could not be decoded", null);
        read++;
        return e;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            reader.close();
        } catch (IOException e) {
            throw new HistoryFileException(file, "cannot be closed: " + e, e);
        }
    }

    private static void closeAfterFailure(ParquetFileReader r, Exception failure) {
        try {
            r.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
