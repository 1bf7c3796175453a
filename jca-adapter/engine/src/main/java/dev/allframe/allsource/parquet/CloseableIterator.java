package dev.allframe.allsource.parquet;

import java.util.Iterator;

/**
 * An iterator over a resource that must be closed (an open file). Errors while iterating are
 * unchecked ({@link HistoryFileException}); {@link #close()} releases the file.
 *
 * @param <T> element type
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {

    /** Releases the underlying resource; idempotent. */
    @Override
    void close();
}
