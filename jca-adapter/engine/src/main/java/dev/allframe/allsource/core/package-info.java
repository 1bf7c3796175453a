/**
 * The engine behind {@link dev.allframe.allsource.AllSource}: {@link dev.allframe.allsource.core.AllSourceEngine}
 * (durable or in memory), the single-threaded sequencer that checks conditions and assigns
 * gap-free positions, the log writer thread (group commit) with its completion thread, the
 * directory lock, recovery replay and the Parquet roll-over.
 * <p>
 * Threads of a durable engine: {@code allsource-writer} (owns the log file), {@code allsource-completer}
 * (completes append futures after their batch is durable), {@code allsource-preallocator}
 * (prepares the next segment) and {@code allsource-history} (Parquet conversion). All are daemons.
 */
package dev.allframe.allsource.core;
