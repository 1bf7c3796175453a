package dev.allframe.allsource.core;

/**
 * Group-commit counters of a durable engine since it was opened.
 *
 * @param batches writes (each one {@code write} call holding many appends)
 * @param forces  fsyncs ({@code FileChannel.force}) of the log
 * @param bytes   bytes written to the log
 */
public record WriterMetrics(long batches, long forces, long bytes) {
}
