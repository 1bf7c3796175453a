package dev.allframe.allsource.parquet;

import java.nio.file.Path;

/**
 * What the footer of a history file says, read without reading rows. History files are never
 * empty, so the ranges are always defined (inclusive).
 *
 * @param file               the history file
 * @param rowCount           number of events in the file
 * @param minPosition        lowest global position
 * @param maxPosition        highest global position
 * @param minTimestampMicros earliest timestamp (epoch µs, UTC)
 * @param maxTimestampMicros latest timestamp (epoch µs, UTC)
 * @param fileSize           size of the file in bytes
 */
public record HistoryFileSummary(Path file, long rowCount, long minPosition, long maxPosition,
                                 long minTimestampMicros, long maxTimestampMicros, long fileSize) {

    /** Whether {@code position} lies within this file's position range. */
    public boolean containsPosition(long position) {
        return position >= minPosition && position <= maxPosition;
    }
}
