package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.ExpectedVersion;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.allsource.StoredEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first read of a 100-event stream after a reopen, when the stream's events lie in WAL segments
 * that were deleted after conversion ({@code keepSealedSegments=0}: read from Parquet history files,
 * except the fifth still in the active segment) or kept ({@code -1}: read from the WAL), in the same
 * run. 10,000 streams of 100 events (1M events, 250-byte payloads, default 64 MiB segments: five),
 * appended interleaved (one event per stream in turn), so each stream's events are spread over the
 * whole store: every event of a read lies in another page of rows. Every iteration is one reopen
 * (unmeasured) and one read of another stream (measured, SingleShotTime); the page cache is warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, batchSize = 1)
@Measurement(iterations = 40, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseTransparentHugePages"})
public class HistoryReadBenchmark {
    static final int STREAMS = 10_000;
    static final int EVENTS_PER_STREAM = 100;

    @Param({"0", "-1"})
    int keepSealedSegments;

    private Path dir;
    private AllSource store;
    private int round;

    private AllSourceOptions options(FsyncPolicy fsync) {
        return AllSourceOptions.builder(dir).fsync(fsync).keepSealedSegments(keepSealedSegments).build();
    }

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        dir = BenchData.newDirectory("history-read", false);
        try (AllSource s = AllSource.open(options(FsyncPolicy.NEVER))) {
            for (int v = 0; v < EVENTS_PER_STREAM; v++)
                for (int i = 0; i < STREAMS; i++)
                    s.append("account-" + i, ExpectedVersion.ANY, List.of(BenchData.event(BenchData.PAYLOAD_250)));
        }
        try (AllSource s = AllSource.open(options(FsyncPolicy.NEVER))) { // converts (and trims) what close left
            BenchData.awaitHistory(s, keepSealedSegments);
        }
    }

    @Setup(Level.Iteration)
    public void reopen() {
        if (store != null) store.close();
        store = AllSource.open(options(FsyncPolicy.ALWAYS));
        round++;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        BenchData.deleteTree(dir);
    }

    @Benchmark
    public List<StoredEvent> allsource_firstStreamReadAfterReopen() {
        List<StoredEvent> events = store.readStream("account-" + (round * 379 % STREAMS), 1, EVENTS_PER_STREAM, false);
        if (events.size() != EVENTS_PER_STREAM) throw new IllegalStateException("read " + events.size() + " events");
        return new ArrayList<>(events);
    }
}
