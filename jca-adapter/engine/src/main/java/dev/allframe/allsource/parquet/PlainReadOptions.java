package dev.allframe.allsource.parquet;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * Builds {@link ParquetReadOptions} without touching Hadoop.
 * <p>
 * In parquet-java 1.18 every public way to build read options loads Hadoop classes (the builder
 * creates Hadoop's {@code CodecFactory} and reads a filter through {@code ParquetInputFormat},
 * a Hadoop {@code FileInputFormat}); only the package-private constructor that takes a
 * {@link ParquetConfiguration} does not. We call that one reflectively. If a parquet-java upgrade
 * changes it, {@link #create()} fails with a message saying so (a unit test covers it).
 */
final class PlainReadOptions {
    private static final int MAX_ALLOCATION = 8 * 1024 * 1024;
    private static final Constructor<ParquetReadOptions> CONSTRUCTOR;
    private static final RuntimeException LOOKUP_FAILURE;

    static {
        Constructor<ParquetReadOptions> c = null;
        RuntimeException failure = null;
        try {
            c = findConstructor();
        } catch (NoSuchMethodException | RuntimeException e) {
            failure = new IllegalStateException("this parquet-java version (" + parquetVersion() + ") lacks the "
                    + "ParquetReadOptions constructor AllSource uses to read without Hadoop; use parquet-java 1.18.x "
                    + "or adapt " + PlainReadOptions.class.getName(), e);
        }
        CONSTRUCTOR = c;
        LOOKUP_FAILURE = failure;
    }

    private PlainReadOptions() {
    }

    /** Read options: ZSTD via zstd-jni, page checksums verified, no filters, heap buffers. */
    static ParquetReadOptions create() {
        if (LOOKUP_FAILURE != null) throw LOOKUP_FAILURE;
        try {
            return CONSTRUCTOR.newInstance(
                    false, // useSignedStringMinMax
                    true,  // useStatsFilter
                    true,  // useDictionaryFilter
                    true,  // useRecordFilter
                    true,  // useColumnIndexFilter
                    true,  // usePageChecksumVerification
                    true,  // useBloomFilter
                    false, // useOffHeapDecryptBuffer
                    false, // useHadoopVectoredIo
                    FilterCompat.NOOP,
                    ParquetMetadataConverter.NO_FILTER,
                    new ZstdCodecFactory(ZstdCodecFactory.DEFAULT_LEVEL),
                    new HeapByteBufferAllocator(),
                    MAX_ALLOCATION,
                    Map.of(),
                    null,  // no decryption
                    null,  // no metrics callback
                    new PlainParquetConfiguration());
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot create Parquet read options: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot create Parquet read options: " + e.getCause(), e.getCause());
        }
    }

    private static Constructor<ParquetReadOptions> findConstructor() throws NoSuchMethodException {
        Constructor<ParquetReadOptions> c = ParquetReadOptions.class.getDeclaredConstructor(
                boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
                boolean.class, boolean.class, boolean.class,
                FilterCompat.Filter.class, ParquetMetadataConverter.MetadataFilter.class,
                CompressionCodecFactory.class, ByteBufferAllocator.class, int.class, Map.class,
                FileDecryptionProperties.class, ParquetMetricsCallback.class, ParquetConfiguration.class);
        c.setAccessible(true);
        return c;
    }

    private static String parquetVersion() {
        String v = ParquetReadOptions.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
