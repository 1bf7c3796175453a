/**
 * History tier: sealed WAL segments become Parquet files, one row per event, with typed
 * columns (see {@link dev.allframe.allsource.parquet.HistorySchema}).
 * <p>
 * Entry point: {@link dev.allframe.allsource.parquet.ParquetHistory}. Files are written to a
 * temporary name, fsynced, atomically renamed, and the directory is fsynced. Reading never
 * returns silently empty results for a damaged file: it throws
 * {@link dev.allframe.allsource.parquet.HistoryFileException} naming the file.
 * <p>
 * Runs on parquet-java without any Hadoop jar at run time: compression is ZSTD through
 * {@link dev.allframe.allsource.parquet.ZstdCodecFactory}, configuration is
 * {@code PlainParquetConfiguration}, files are accessed through {@code java.nio}.
 */
package dev.allframe.allsource.parquet;
