package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;

/** Configures parquet-java's writer for history files: ZSTD, page checksums, no Hadoop. */
final class HistoryWriterBuilder extends ParquetWriter.Builder<StoredEvent, HistoryWriterBuilder> {

    /**
     * Rows per page of a file that serves reads (its WAL segment will be deleted): such a read decodes
     * the page that holds the event, in every column (found through the page index of {@code position}),
     * so pages are kept small. System property {@code dev.allframe.allsource.historyPageRows} changes it.
     * Small pages cost ~7 % in size, ~10 % in writing and ~25 % in full scans.
     */
    static final int POINT_READ_PAGE_ROWS = Integer.getInteger("dev.allframe.allsource.historyPageRows", 128);
    /** parquet-java's default: pages are cut by size (1 MiB) before that many rows. */
    static final int SCAN_PAGE_ROWS = 20_000;
    /** Row groups of about 16 MiB before compression: a few per 64 MiB segment. */
    static final long ROW_GROUP_BYTES = 16L << 20;

    private HistoryWriterBuilder(OutputFile file) {
        super(file);
    }

    /** A writer of history rows to {@code file}, ready to use. */
    static ParquetWriter<StoredEvent> create(OutputFile file, int pageRows) throws IOException {
        HistoryWriterBuilder b = new HistoryWriterBuilder(file)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecFactory(ZstdCodecFactory.DEFAULT_LEVEL))
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withPageWriteChecksumEnabled(true)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withPageRowCountLimit(pageRows)
                .withMinRowCountForPageSizeCheck(Math.min(pageRows, 100)); // checked every 100 rows by default: pages of 100+
        // min/max statistics only where they prune (position, timestamp: also the file summary); comparing
        // every id, name and payload for ranges nobody filters on took ~20 % of the conversion
        for (String column : HistorySchema.COLUMNS)
            if (!column.equals("position") && !column.equals("timestamp")) b.withStatisticsEnabled(column, false);
        for (String column : HistorySchema.NO_DICTIONARY) b.withDictionaryEncoding(column, false);
        return b.build();
    }

    @Override
    protected HistoryWriterBuilder self() {
        return this;
    }

    @Override
    protected WriteSupport<StoredEvent> getWriteSupport(ParquetConfiguration conf) {
        return new StoredEventWriteSupport();
    }

    /** Not used: history files are written without Hadoop. */
    @Override
    protected WriteSupport<StoredEvent> getWriteSupport(Configuration conf) {
        throw new UnsupportedOperationException("AllSource history files are written without Hadoop");
    }
}
