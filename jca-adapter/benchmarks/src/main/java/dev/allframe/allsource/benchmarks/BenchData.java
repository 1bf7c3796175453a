package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.EventIds;
import dev.allframe.allsource.FsyncPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/** Shared inputs of the benchmarks: payloads, events, data directories. */
final class BenchData {
    /** Empty metadata, shared. */
    static final byte[] NO_METADATA = new byte[0];
    /** A small JSON payload for the in-memory workload (seeds' events are small). */
    static final byte[] SMALL_PAYLOAD = "{\"account\":\"a-17\",\"amount\":42,\"currency\":\"EUR\"}"
            .getBytes(StandardCharsets.UTF_8);
    /** A JSON payload of exactly 250 bytes for the durable workload. */
    static final byte[] PAYLOAD_250 = jsonOfSize(250);

    private BenchData() {
    }

    /** A fresh event with a time-ordered id. */
    static EventData event(byte[] payload) {
        return new EventData(EventIds.next(), "Deposited", 1, NO_METADATA, payload);
    }

    /** A JSON object of exactly {@code size} bytes: {"note":"xxxx..."}. */
    static byte[] jsonOfSize(int size) {
        String head = "{\"note\":\"", tail = "\"}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A new empty directory for a store. Durable stores go to {@code -Dallsource.bench.dir} (default: the
     * system temp directory, which must be on the disk under test); {@code memory} stores go to /dev/shm
     * when it exists, as they never fsync.
     */
    static Path newDirectory(String name, boolean memory) {
        Path base = memory && Files.isDirectory(Paths.get("/dev/shm")) ? Paths.get("/dev/shm")
                : Paths.get(System.getProperty("allsource.bench.dir", System.getProperty("java.io.tmpdir")));
        try {
            return Files.createTempDirectory(base, "allsource-bench-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a benchmark directory in " + base, e);
        }
    }

    /**
     * Options of a store in {@code dir} with the given fsync policy; everything else default (Parquet
     * history conversion on; {@code -Dallsource.bench.parquet=false} turns it off to measure its cost).
     */
    static AllSourceOptions options(Path dir, FsyncPolicy fsync) {
        boolean parquet = Boolean.parseBoolean(System.getProperty("allsource.bench.parquet", "true"));
        return AllSourceOptions.builder(dir).fsync(fsync).parquetRollover(parquet)
                .segmentSize(Long.getLong("allsource.bench.segmentSize", AllSourceOptions.DEFAULT_SEGMENT_SIZE)).build();
    }

    /** Opens a store; fsync NEVER, small segments (for many short-lived in-memory stores). */
    static AllSource openScratch(Path dir) {
        return AllSource.open(AllSourceOptions.builder(dir).fsync(FsyncPolicy.NEVER).segmentSize(1 << 20)
                .parquetRollover(false).build());
    }

    /** Deletes a directory tree; a no-op if it does not exist. */
    /**
     * Waits (setup only, never measured) until every sealed segment of {@code s} has its history file
     * and, with {@code keepSealedSegments >= 0}, all but that many sealed segments are deleted.
     */
    static void awaitHistory(AllSource s, int keepSealedSegments) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        while (true) {
            AllSource.Stats st = s.stats();
            if (keepSealedSegments < 0 ? st.parquetFiles() >= st.segments() - 1 : st.segments() <= keepSealedSegments + 1) {
                System.out.printf("store ready: %d events, %d WAL segments, %d history files%n", st.events(),
                        st.segments(), st.parquetFiles());
                return;
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("history not ready after 5 minutes: " + st);
            Thread.sleep(50);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
