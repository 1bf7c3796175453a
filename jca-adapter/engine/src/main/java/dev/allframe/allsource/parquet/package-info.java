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
 * <p>
 * Cost at run time: 9 jars, 16.9 MB (parquet-hadoop, -column, -common, -encoding, -format-structures,
 * -jackson 1.18.1, zstd-jni 1.5.7-15 (6.5 MB of natives for every platform), jts-core 1.20.0, slf4j-api).
 * {@code hadoop-client-api} is needed only by javac ({@code provided}) and kept off the test class path.
 * Reading builds {@code ParquetReadOptions} through a package-private constructor
 * ({@code PlainReadOptions}): re-check it when upgrading parquet-java.
 */
package dev.allframe.allsource.parquet;
