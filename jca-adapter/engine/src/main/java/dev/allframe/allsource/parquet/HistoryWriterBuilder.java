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
     * Row groups of about 1 MiB before compression (a few thousand events): a read served from
     * history decodes one row group, so it must be small; DuckDB and Spark read them just as well.
     */
    static final long ROW_GROUP_BYTES = 1L << 20;

    private HistoryWriterBuilder(OutputFile file) {
        super(file);
    }

    /** A writer of history rows to {@code file}, ready to use. */
    static ParquetWriter<StoredEvent> create(OutputFile file) throws IOException {
        HistoryWriterBuilder b = new HistoryWriterBuilder(file)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecFactory(ZstdCodecFactory.DEFAULT_LEVEL))
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withPageWriteChecksumEnabled(true)
                .withRowGroupSize(ROW_GROUP_BYTES);
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
