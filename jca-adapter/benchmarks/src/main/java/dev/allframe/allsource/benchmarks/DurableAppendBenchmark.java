package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AppendResult;
import dev.allframe.allsource.ExpectedVersion;
import dev.allframe.allsource.FsyncPolicy;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mode B, durable: 250-byte events, fsync ALWAYS (the append returns once its batch is on disk), 1, 8 and
 * 64 threads each doing blocking single-event appends to a stream of its own (expected version ANY).
 * Throughput = acknowledged events per second; SampleTime = latency per append (the 1-thread p99 is
 * compared to {@link RawFdatasyncBenchmark}'s p99).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseTransparentHugePages"})
public class DurableAppendBenchmark {

    /** One durable store on disk shared by all threads of a benchmark. */
    @State(Scope.Benchmark)
    public static class Store {
        Path dir;
        AllSource store;
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void open() {
            dir = BenchData.newDirectory("durable", false);
            store = AllSource.open(BenchData.options(dir, FsyncPolicy.ALWAYS));
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
            BenchData.deleteTree(dir);
        }
    }

    /** The stream of one appender thread. */
    @State(Scope.Thread)
    public static class Appender {
        String stream;

        @Setup(Level.Trial)
        public void setUp(Store s) {
            stream = "appender-" + s.threads.incrementAndGet();
        }
    }

    static AppendResult appendOne(Store s, Appender a) {
        return s.store.append(a.stream, ExpectedVersion.ANY, List.of(BenchData.event(BenchData.PAYLOAD_250)));
    }

    @Benchmark
    @Threads(1)
    public AppendResult allsource_durable_1thread(Store s, Appender a) {
        return appendOne(s, a);
    }

    @Benchmark
    @Threads(8)
    public AppendResult allsource_durable_8threads(Store s, Appender a) {
        return appendOne(s, a);
    }

    @Benchmark
    @Threads(64)
    public AppendResult allsource_durable_64threads(Store s, Appender a) {
        return appendOne(s, a);
    }
}
