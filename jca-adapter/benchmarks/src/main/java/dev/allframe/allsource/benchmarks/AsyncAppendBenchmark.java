package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.ExpectedVersion;
import org.openjdk.jmh.annotations.*;

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
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
public class AsyncAppendBenchmark {

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
    public void allsource_async_2threads(DurableAppendBenchmark.Store s, Window w) throws InterruptedException {
        w.slots.acquire();
        s.store.appendAsync(List.of(new AppendRequest(w.stream, ExpectedVersion.ANY,
                        List.of(BenchData.event(BenchData.PAYLOAD_250)))))
                .whenComplete((r, e) -> {
                    if (e != null) w.failure.compareAndSet(null, e);
                    w.slots.release();
                });
    }
}
