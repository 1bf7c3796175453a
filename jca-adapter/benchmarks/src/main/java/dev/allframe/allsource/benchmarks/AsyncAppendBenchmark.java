package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.ExpectedVersion;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mode B, durable, asynchronous API: 2 threads, each keeping up to {@code inFlight} single-event
 * {@code appendAsync} calls outstanding (250-byte events, fsync ALWAYS). One operation = one append
 * issued once a slot is free, so in steady state the score is the rate of durable acknowledgements
 * (events per second). Each iteration ends by waiting for all outstanding appends; any failed append
 * fails the run.
 * <p>
 * JMH cannot time an append that completes on another thread, so the latency from {@code appendAsync}
 * to the completion of its future is recorded in an HdrHistogram during the measurement iterations and
 * printed at the end of the trial ("async append latency"), in µs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseTransparentHugePages"})
public class AsyncAppendBenchmark {

    /** Submit-to-durable latency of all threads, recorded during measurement iterations only. */
    @State(Scope.Benchmark)
    public static class Latency {
        final Recorder recorder = new Recorder(3);
        volatile boolean measuring;

        @Setup(Level.Iteration)
        public void startIteration(IterationParams iteration) {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
        }

        @TearDown(Level.Trial)
        public void print() {
            Histogram h = recorder.getIntervalHistogram();
            System.out.printf("async append latency (µs, %d appends): p50 %.0f, p90 %.0f, p99 %.0f, p99.9 %.0f, max %.0f%n",
                    h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        }
    }

    /** Appends in flight from one thread, bounded by a semaphore. */
    @State(Scope.Thread)
    public static class Window {
        @Param({"1024"})
        int inFlight;
        Semaphore slots;
        String stream;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        @Setup(Level.Trial)
        public void setUp(DurableAppendBenchmark.Store s) {
            slots = new Semaphore(inFlight);
            stream = "async-" + s.threads.incrementAndGet();
        }

        @TearDown(Level.Iteration)
        public void drain() throws InterruptedException, TimeoutException {
            if (!slots.tryAcquire(inFlight, 60, TimeUnit.SECONDS))
                throw new TimeoutException("appends still outstanding after 60 s");
            slots.release(inFlight);
            Throwable t = failure.get();
            if (t != null) throw new IllegalStateException("an asynchronous append failed", t);
        }
    }

    @Benchmark
    @Threads(2)
    public void allsource_async_2threads(DurableAppendBenchmark.Store s, Window w, Latency l)
            throws InterruptedException {
        w.slots.acquire();
        long start = System.nanoTime();
        s.store.appendAsync(List.of(new AppendRequest(w.stream, ExpectedVersion.ANY,
                        List.of(BenchData.event(BenchData.PAYLOAD_250)))))
                .whenComplete((r, e) -> {
                    if (e != null) w.failure.compareAndSet(null, e);
                    else if (l.measuring) l.recorder.recordValue(System.nanoTime() - start);
                    w.slots.release();
                });
    }
}
