package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.ExpectedVersion;
import dev.allframe.allsource.FsyncPolicy;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Recovery: time to open (validate, index) a log of 1,000,000 events (250-byte payloads, 10,000 streams
 * of 100), written once per trial and closed cleanly. Each iteration is one open, measured once
 * (SingleShotTime); the store is closed after the iteration, unmeasured. {@code segmentSize} varies the
 * number of sealed segments, hence of Parquet history files (64 MiB: a handful; 4 MiB: ~80). After each
 * open the heap in use (after a GC) and the segment and Parquet file counts are printed to the output:
 * the heap should not grow with the number of Parquet files. {@code keepSealedSegments=0}: the sealed
 * segments were deleted after conversion, so the index of their events is rebuilt from the index
 * columns of the history files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 5, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx6g", "-XX:+UseTransparentHugePages"})
public class RecoveryBenchmark {
    static final int EVENTS = 1_000_000;
    static final int STREAMS = 10_000;
    static final int PER_CALL = 1_000;

    @Param({"67108864", "4194304"})
    long segmentSize;

    /** -1: every WAL segment kept; 0: all sealed segments deleted, their index rebuilt from history files. */
    @Param({"-1", "0"})
    int keepSealedSegments;

    private Path dir;
    private AllSource opened;

    @Setup(Level.Trial)
    public void writeLog() throws InterruptedException {
        dir = BenchData.newDirectory("recovery", false);
        try (AllSource s = AllSource.open(options(FsyncPolicy.NEVER))) {
            int stream = 0;
            for (int written = 0; written < EVENTS; written += PER_CALL) {
                List<AppendRequest> call = new ArrayList<>();
                for (int r = 0; r < PER_CALL / 100; r++) {
                    List<EventData> events = new ArrayList<>(100);
                    for (int i = 0; i < 100; i++) events.add(BenchData.event(BenchData.PAYLOAD_250));
                    call.add(new AppendRequest("account-" + (stream++ % STREAMS), ExpectedVersion.ANY, events));
                }
                s.append(call);
            }
            if (s.lastPosition() != EVENTS) throw new IllegalStateException("wrote " + s.lastPosition() + " events");
        }
        try (AllSource s = AllSource.open(options(FsyncPolicy.NEVER))) { // converts (and deletes) what close left
            BenchData.awaitHistory(s, keepSealedSegments);
        }
    }

    private AllSourceOptions options(FsyncPolicy fsync) {
        return AllSourceOptions.builder(dir).fsync(fsync).segmentSize(segmentSize).keepSealedSegments(keepSealedSegments).build();
    }

    @TearDown(Level.Iteration)
    public void closeStore() {
        if (opened == null) return;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        AllSource.Stats stats = opened.stats();
        System.out.printf("after open (segmentSize %d, keepSealedSegments %d): heap used %.0f MiB, %d segments, %d parquet files%n",
                segmentSize, keepSealedSegments, (rt.totalMemory() - rt.freeMemory()) / 1048576.0, stats.segments(), stats.parquetFiles());
        opened.close();
        opened = null;
    }

    @TearDown(Level.Trial)
    public void deleteLog() {
        BenchData.deleteTree(dir);
    }

    @Benchmark
    public long allsource_open1MEventLog() {
        opened = AllSource.open(options(FsyncPolicy.ALWAYS));
        long last = opened.lastPosition();
        if (last != EVENTS) throw new IllegalStateException("recovered " + last + " of " + EVENTS + " events");
        return last;
    }
}
