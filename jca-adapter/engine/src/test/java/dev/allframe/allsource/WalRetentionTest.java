package dev.allframe.allsource;

import dev.allframe.allsource.wal.WalFormat;
import dev.allframe.allsource.wal.WalStart;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sealed WAL segments are deleted once their history file is written; their events are then read
 * from the history files, seamlessly with the live log, also after a reopen.
 */
class WalRetentionTest {
    @TempDir Path dir;

    /** What was appended, to compare every read against. */
    private final List<StoredEvent> model = new ArrayList<>();
    private final Map<String, Long> versions = new HashMap<>();

    private long segmentSize = 8 * 1024;

    private AllSourceOptions.Builder options() {
        return AllSourceOptions.builder(dir).segmentSize(segmentSize).keepSealedSegments(1);
    }

    private void append(AllSource s, int n) {
        for (int i = 0; i < n; i++) {
            int k = model.size();
            String stream = "s-" + (k % 7), type = k % 3 == 0 ? "Three" : "Other";
            EventData e = Events.event(type, "{\"k\":" + k + ",\"pad\":\"" + "x".repeat(k % 90) + "\"}");
            AppendResult r = s.append(stream, ExpectedVersion.ANY, List.of(e));
            long v = versions.merge(stream, 1L, Long::sum);
            assertThat(r.firstVersion()).isEqualTo(v);
            model.add(new StoredEvent(e.id(), stream, v, r.firstPosition(), 0, type, 1, e.metadata(), e.payload()));
        }
    }

    private List<Long> walSegments() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
            return s.map(p -> WalFormat.segmentSeq(p.getFileName().toString())).filter(q -> q > 0).sorted().toList();
        }
    }

    private void awaitTrimmedBelow(long seq) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> walSegments().get(0) >= seq);
    }

    private void checkReads(AllSource s) {
        assertThat(s.lastPosition()).isEqualTo(model.size());
        List<StoredEvent> all = s.readAll(1, Integer.MAX_VALUE);
        assertThat(all).hasSize(model.size());
        for (int i = 0; i < model.size(); i++) same(all.get(i), model.get(i));
        for (String stream : versions.keySet()) {
            List<StoredEvent> expected = model.stream().filter(e -> e.stream().equals(stream)).toList();
            List<StoredEvent> forward = s.readStream(stream, 1, Integer.MAX_VALUE, false);
            assertThat(forward).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) same(forward.get(i), expected.get(i));
            List<StoredEvent> backward = s.readStream(stream, Long.MAX_VALUE, 3, true);
            assertThat(backward).extracting(StoredEvent::version).containsExactly((long) expected.size(),
                    expected.size() - 1L, expected.size() - 2L);
            long middle = expected.get(expected.size() / 2).position();
            assertThat(s.readStreamAsOfPosition(stream, middle)).extracting(StoredEvent::id)
                    .isEqualTo(expected.stream().filter(e -> e.position() <= middle).map(StoredEvent::id).toList());
        }
        assertThat(s.readByType("Three", 1, Integer.MAX_VALUE)).extracting(StoredEvent::id)
                .isEqualTo(model.stream().filter(e -> e.type().equals("Three")).map(StoredEvent::id).toList());
    }

    private static void same(StoredEvent actual, StoredEvent expected) {
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.position()).isEqualTo(expected.position());
        assertThat(actual.stream()).isEqualTo(expected.stream());
        assertThat(actual.version()).isEqualTo(expected.version());
        assertThat(actual.type()).isEqualTo(expected.type());
        assertThat(actual.payload()).isEqualTo(expected.payload());
        assertThat(actual.metadata()).isEqualTo(expected.metadata());
    }

    @Test
    void deletedSegmentsAreReadFromHistoryFilesBeforeAndAfterReopen() throws Exception {
        try (AllSource s = AllSource.open(options().build())) {
            append(s, 100);
            s.saveSnapshot("s-0", 5, "early".getBytes(StandardCharsets.UTF_8));
            append(s, 700);
            awaitTrimmedBelow(4);
            assertThat(WalStart.read(dir.resolve("wal")).firstSegment()).isGreaterThanOrEqualTo(4);
            checkReads(s);
            assertThat(s.loadSnapshot("s-0")).get().extracting(AllSource.Snapshot::version).isEqualTo(5L);
            // a retry of an event whose segment is gone is still recognised
            StoredEvent first = model.get(0);
            AppendResult retry = s.append(first.stream(), ExpectedVersion.ANY,
                    List.of(new EventData(first.id(), first.type(), 1, first.metadata(), first.payload())));
            assertThat(retry.alreadyStored()).isTrue();
            assertThat(retry.firstPosition()).isEqualTo(1);
        }
        long firstKept = walSegments().get(0);
        try (AllSource s = AllSource.open(options().build())) {
            assertThat(walSegments().get(0)).isEqualTo(firstKept);
            checkReads(s); // cold cache: trimmed positions come from Parquet row groups
            AllSource.Snapshot snap = s.loadSnapshot("s-0").orElseThrow();
            assertThat(snap.version()).isEqualTo(5);
            assertThat(new String(snap.state(), StandardCharsets.UTF_8)).isEqualTo("early");
            append(s, 300);
            awaitTrimmedBelow(firstKept + 2);
            checkReads(s);
        }
        try (AllSource s = AllSource.open(options().keepSealedSegments(AllSourceOptions.KEEP_ALL).build())) {
            checkReads(s);
            assertThat(s.stats().events()).isEqualTo(model.size());
        }
    }

    /**
     * Segments of a few thousand events: their history files have many pages of rows, and a stream
     * read gathers its events from many pages at once (the other rows of those pages are skipped).
     */
    @Test
    void streamReadsGatherTheirEventsFromManyPagesOfHistoryFiles() throws Exception {
        segmentSize = 256 * 1024;
        try (AllSource s = AllSource.open(options().build())) {
            append(s, 6_000);
            awaitTrimmedBelow(3);
        }
        try (AllSource s = AllSource.open(options().build())) {
            for (String stream : versions.keySet()) { // cold cache: each stream read first, from the history files
                List<StoredEvent> expected = model.stream().filter(e -> e.stream().equals(stream)).toList();
                List<StoredEvent> read = s.readStream(stream, 1, Integer.MAX_VALUE, false);
                assertThat(read).hasSize(expected.size());
                for (int i = 0; i < expected.size(); i++) same(read.get(i), expected.get(i));
            }
        }
        try (AllSource s = AllSource.open(options().build())) {
            checkReads(s);
        }
    }

    @Test
    void aSegmentWithATransactionInDoubtIsKeptUntilItIsDecided() throws Exception {
        try (AllSource s = AllSource.open(options().build())) {
            s.prepare("tx-1", List.of(new AppendRequest("held", ExpectedVersion.NO_STREAM, Events.events(1, "held"))));
            append(s, 600);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> s.stats().parquetFiles() >= 4);
            assertThat(walSegments().get(0)).as("segment of the PREPARE record").isEqualTo(1);
            s.commitPrepared("tx-1");
            append(s, 200);
            awaitTrimmedBelow(3);
            assertThat(s.readStream("held")).hasSize(1);
        }
        try (AllSource s = AllSource.open(options().build())) {
            assertThat(s.inDoubt()).isEmpty();
            assertThat(s.readStream("held")).hasSize(1);
        }
    }

    private Path trimmedStore() throws Exception {
        try (AllSource s = AllSource.open(options().build())) {
            append(s, 800);
            awaitTrimmedBelow(4);
        }
        long through = WalStart.read(dir.resolve("wal")).historyThrough();
        try (Stream<Path> files = Files.list(dir.resolve("history"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("1-")).findFirst().orElseThrow(
                    () -> new AssertionError("no history file from position 1 (history through " + through + ")"));
        }
    }

    @Test
    void aDamagedHistoryFileWhoseSegmentIsGoneStopsTheOpenAndIsKept() throws Exception {
        Path first = trimmedStore();
        byte[] original = Files.readAllBytes(first);
        byte[] damaged = original.clone();
        for (int i = 4; i < damaged.length / 2; i++) damaged[i] ^= 0x5a; // rows garbled, footer intact
        Files.write(first, damaged);
        assertThatThrownBy(() -> AllSource.open(options().build()))
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(first.toString())
                .hasMessageContaining("only copy");
        assertThat(Files.readAllBytes(first)).as("the damaged file is left as it was").isEqualTo(damaged);
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream verify = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(verify, true, StandardCharsets.UTF_8));
            assertThat(dev.allframe.allsource.cli.Main.execute("verify", dir.toString())).isEqualTo(1);
        } finally {
            System.setOut(out);
        }
        assertThat(verify.toString(StandardCharsets.UTF_8)).contains("DAMAGE " + first);
        Files.write(first, original);
        try (AllSource s = AllSource.open(options().build())) {
            checkReads(s);
        }
    }

    @Test
    void aMissingHistoryFileWhoseSegmentIsGoneStopsTheOpenUnlessQuarantineIsEnabled() throws Exception {
        Path first = trimmedStore();
        long last = Long.parseLong(first.getFileName().toString().replaceAll("^1-(\\d+)\\.parquet$", "$1"));
        Path moved = dir.resolve("elsewhere.parquet");
        Files.move(first, moved);
        assertThatThrownBy(() -> AllSource.open(options().build()))
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining("no history file holds positions 1.." + last);
        Files.move(moved, first);
        Files.writeString(first, "garbage");
        try (AllSource s = AllSource.open(options().quarantine(true).build())) {
            assertThat(dir.resolve("quarantine").resolve(first.getFileName() + ".bad")).hasContent("garbage");
            assertThat(s.stats().events()).isEqualTo(model.size() - last);
            assertThat(s.readAll(1, 1).get(0).position()).isEqualTo(last + 1);
        }
        try (AllSource s = AllSource.open(options().build())) { // the loss was accepted once; it is not asked again
            assertThat(s.readAll(1, Integer.MAX_VALUE)).hasSize(model.size() - (int) last);
        }
    }

    @Test
    void aSegmentLeftByAnInterruptedDeletionIsRemovedAtOpen() throws Exception {
        trimmedStore();
        long firstKept = walSegments().get(0);
        Path leftover = dir.resolve("wal").resolve(WalFormat.segmentName(firstKept - 1));
        Files.write(leftover, new byte[]{1, 2, 3}); // never read: its events are in history files
        try (AllSource s = AllSource.open(options().build())) {
            assertThat(leftover).doesNotExist();
            checkReads(s);
        }
    }

    @Test
    void aDamagedWalStartFileStopsTheOpen() throws Exception {
        trimmedStore();
        Path start = dir.resolve("wal").resolve(WalStart.FILE);
        Files.writeString(start, Files.readString(start).replace("history-through=", "history-through=1"));
        assertThatThrownBy(() -> AllSource.open(options().build()))
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(start.toString())
                .hasMessageContaining("checksum");
    }

    @Test
    void theCliVerifiesAndDumpsAStoreWhoseOldSegmentsAreHistoryFiles() throws Exception {
        trimmedStore();
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream verify = new java.io.ByteArrayOutputStream(), dump = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(verify, true, StandardCharsets.UTF_8));
            assertThat(dev.allframe.allsource.cli.Main.execute("verify", dir.toString())).isEqualTo(0);
            System.setOut(new java.io.PrintStream(dump, true, StandardCharsets.UTF_8));
            assertThat(dev.allframe.allsource.cli.Main.execute("dump", dir.toString())).isEqualTo(0);
        } finally {
            System.setOut(out);
        }
        assertThat(verify.toString(StandardCharsets.UTF_8)).contains("OK " + model.size() + " events, positions 1.." + model.size());
        List<String> lines = dump.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(model.size());
        for (int i = 0; i < model.size(); i++) assertThat(lines.get(i)).contains(model.get(i).id().toString());
    }

    /**
     * Readers race the deletion of segments: every event, stream and snapshot they read must be right,
     * whether it came from the WAL, a segment deleted under them, or a history file.
     */
    @Test
    void readersRacingSegmentDeletionAlwaysSeeTheRightEvents() throws Exception {
        int total = 4_000, streams = 13;
        try (AllSource s = AllSource.open(options().keepSealedSegments(0).build())) {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread r = new Thread(() -> {
                    java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
                    try {
                        while (!done.get()) {
                            long last = s.lastPosition();
                            if (last < 1) continue;
                            for (StoredEvent e : s.readAll(rnd.nextLong(1, last + 1), 7)) checkRaced(e, streams);
                            String stream = "s-" + rnd.nextInt(streams);
                            List<StoredEvent> all = s.readStream(stream, 1, Integer.MAX_VALUE, false);
                            for (int i = 0; i < all.size(); i++) {
                                assertThat(all.get(i).version()).isEqualTo(i + 1L);
                                checkRaced(all.get(i), streams);
                            }
                            s.loadSnapshot("s-0").ifPresent(snap -> assertThat(new String(snap.state(), StandardCharsets.UTF_8))
                                    .isEqualTo("at " + snap.version()));
                            reads.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                r.start();
                readers.add(r);
            }
            for (int k = 0; k < total; k++) {
                s.append("s-" + (k % streams), ExpectedVersion.ANY, List.of(Events.event("{\"k\":" + k + "}")));
                if (k % 150 == 0) s.saveSnapshot("s-0", k / streams + 1, ("at " + (k / streams + 1)).getBytes(StandardCharsets.UTF_8));
            }
            awaitTrimmedBelow(walSegments().get(walSegments().size() - 1) - 2);
            done.set(true);
            for (Thread r : readers) r.join();
            assertThat(failures).isEmpty();
            assertThat(reads.get()).isPositive();
        }
        try (AllSource s = AllSource.open(options().keepSealedSegments(0).build())) {
            List<StoredEvent> all = s.readAll(1, Integer.MAX_VALUE);
            assertThat(all).hasSize(total);
            for (StoredEvent e : all) checkRaced(e, streams);
            assertThat(new String(s.loadSnapshot("s-0").orElseThrow().state(), StandardCharsets.UTF_8)).startsWith("at ");
        }
    }

    /** Event k (0-based, appended in order by one thread) sits at position k+1 of stream s-(k mod n), version k/n+1. */
    private static void checkRaced(StoredEvent e, int streams) {
        long k = e.position() - 1;
        assertThat(Events.payload(e)).isEqualTo("{\"k\":" + k + "}");
        assertThat(e.stream()).isEqualTo("s-" + (k % streams));
        assertThat(e.version()).isEqualTo(k / streams + 1);
    }

    @Test
    void keepAllNeverDeletesASegment() throws Exception {
        try (AllSource s = AllSource.open(options().keepSealedSegments(AllSourceOptions.KEEP_ALL).build())) {
            append(s, 600);
            int segments = s.stats().segments();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> s.stats().parquetFiles() >= segments - 1);
            assertThat(walSegments().get(0)).isEqualTo(1);
            assertThat(dir.resolve("wal").resolve(WalStart.FILE)).doesNotExist();
        }
    }
}
