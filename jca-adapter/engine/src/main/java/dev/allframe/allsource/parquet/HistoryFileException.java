package dev.allframe.allsource.parquet;

import dev.allframe.allsource.AllSourceException;

import java.nio.file.Path;

/**
 * A Parquet history file could not be written or read: it is missing, empty (0 bytes),
 * not a Parquet file, not an AllSource history file, or damaged. Carries the file.
 */
public class HistoryFileException extends AllSourceException {
    private final transient Path file;

    /**
     * @param file   the history file concerned
     * @param reason what is wrong with it (and, where known, what to do)
     * @param cause  the underlying error, may be {@code null}
     */
    public HistoryFileException(Path file, String reason, Throwable cause) {
        super("history file " + file + ": " + reason, cause);
        this.file = file;
    }

    /** The history file concerned. */
    public Path file() {
        return file;
    }
}
