package dev.allframe.allsource.benchmarks;

import org.openjdk.jmh.annotations.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The disk's floor for a durable append, measured in the same run as the engine: one 250-byte
 * {@code write} plus {@code force(false)} (fdatasync) at increasing offsets of a preallocated 64 MiB
 * file, one thread. Throughput is syncs per second; SampleTime gives the latency p50/p99 that the
 * single durable appender is compared to.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseTransparentHugePages")
public class RawFdatasyncBenchmark {
    static final long FILE_SIZE = 64L << 20;

    private Path dir;
    private FileChannel channel;
    private final ByteBuffer record = ByteBuffer.wrap(BenchData.PAYLOAD_250);
    private long offset;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchData.newDirectory("raw", false);
        channel = FileChannel.open(dir.resolve("prealloc.dat"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long p = 0; p < FILE_SIZE; p += zeros.capacity()) {
            zeros.clear();
            while (zeros.hasRemaining()) channel.write(zeros, p + zeros.position());
        }
        channel.force(true);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.close();
        BenchData.deleteTree(dir);
    }

    @Benchmark
    public long write250AndFdatasync() throws IOException {
        record.clear();
        if (offset + record.remaining() > FILE_SIZE) offset = 0;
        while (record.hasRemaining()) offset += channel.write(record, offset);
        channel.force(false);
        return offset;
    }
}
