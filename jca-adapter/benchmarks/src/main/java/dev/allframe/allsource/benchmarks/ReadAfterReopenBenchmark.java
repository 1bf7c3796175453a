package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.ExpectedVersion;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.allsource.StoredEvent;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first read of a 100-event stream right after the durable 10,000-event store was reopened (cold
 * index, warm page cache). Every measured iteration is one reopen (unmeasured) followed by one read
 * (measured, SingleShotTime), each time of a different stream. Few samples: read the spread, not only
 * the mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, batchSize = 1)
@Measurement(iterations = 40, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseTransparentHugePages"})
public class ReadAfterReopenBenchmark {
    private Path dir;
    private AllSource store;
    private int round;

    @Setup(Level.Trial)
    public void setUp() {
        dir = BenchData.newDirectory("reopen", false);
        try (AllSource s = AllSource.open(BenchData.options(dir, FsyncPolicy.NEVER))) {
            for (int v = 0; v < ReadStreamBenchmark.EVENTS_PER_STREAM; v++)
                for (int i = 0; i < ReadStreamBenchmark.STREAMS; i++)
                    s.append("account-" + i, ExpectedVersion.ANY, List.of(BenchData.event(BenchData.PAYLOAD_250)));
        }
    }

    @Setup(Level.Iteration)
    public void reopen() {
        if (store != null) store.close();
        store = AllSource.open(BenchData.options(dir, FsyncPolicy.ALWAYS));
        round++;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        BenchData.deleteTree(dir);
    }

    @Benchmark
    public List<StoredEvent> allsource_firstReadAfterReopen() {
        List<StoredEvent> events = store.readStream("account-" + (round % ReadStreamBenchmark.STREAMS), 1,
                ReadStreamBenchmark.EVENTS_PER_STREAM, false);
        if (events.size() != ReadStreamBenchmark.EVENTS_PER_STREAM)
            throw new IllegalStateException("read " + events.size() + " events after reopen");
        return events;
    }
}
