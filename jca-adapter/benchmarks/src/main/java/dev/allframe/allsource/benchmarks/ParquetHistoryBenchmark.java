package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.EventIds;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.parquet.CloseableIterator;
import dev.allframe.allsource.parquet.HistoryFileSummary;
import dev.allframe.allsource.parquet.ParquetHistory;
import org.openjdk.jmh.annotations.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The Parquet history tier ({@code ParquetHistory}): writing 100,000 events (250-byte JSON payloads,
 * 1,000 streams) to a history file (temp name, fsync, atomic rename, directory fsync included), streaming
 * them back, and reading only the footer summary. Payloads are JSON text of random words, so that
 * compression sees something like real events rather than one repeated string. Write and read scores are events per second; the
 * footer read is µs per call (in the {@code sample} result). The file size per event is printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseTransparentHugePages"})
public class ParquetHistoryBenchmark {
    static final int EVENTS = 100_000;

    private Path dir;
    private Path readFile;
    private List<StoredEvent> events;
    private int fileNo;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchData.newDirectory("parquet", false);
        events = new ArrayList<>(EVENTS);
        long t0 = System.currentTimeMillis() * 1000;
        long[] versions = new long[1000];
        Random random = new Random(42);
        for (int i = 0; i < EVENTS; i++)
            events.add(new StoredEvent(EventIds.next(), "account-" + i % 1000, ++versions[i % 1000], i + 1, t0 + i,
                    "Deposited", 1, BenchData.NO_METADATA, textPayload(random)));
        readFile = dir.resolve("read.parquet");
        ParquetHistory.write(readFile, events);
        System.out.printf("history file: %d events, %d bytes, %.1f bytes/event%n", EVENTS, Files.size(readFile),
                Files.size(readFile) / (double) EVENTS);
    }

    private static final String[] WORDS = ("order item customer shipped paid amount total address street city "
            + "country refund discount coupon invoice account balance deposit withdrawal transfer").split(" ");

    /** {"note":"<random words>"} of exactly 250 bytes. */
    static byte[] textPayload(Random random) {
        StringBuilder note = new StringBuilder();
        while (note.length() < 240) note.append(WORDS[random.nextInt(WORDS.length)]).append(' ').append(random.nextInt(10_000)).append(' ');
        String head = "{\"note\":\"", tail = "\"}";
        return (head + note.substring(0, 250 - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        BenchData.deleteTree(dir);
    }

    @TearDown(Level.Invocation)
    public void deleteWritten() {
        try {
            Files.deleteIfExists(dir.resolve("w" + (fileNo - 1) + ".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public HistoryFileSummary write100kEvents() {
        return ParquetHistory.write(dir.resolve("w" + fileNo++ + ".parquet"), events);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long read100kEventsStreaming() {
        long sum = 0;
        try (CloseableIterator<StoredEvent> it = ParquetHistory.open(readFile)) {
            while (it.hasNext()) sum += it.next().position();
        }
        return sum;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public HistoryFileSummary footerSummary() {
        return ParquetHistory.summary(readFile);
    }
}
