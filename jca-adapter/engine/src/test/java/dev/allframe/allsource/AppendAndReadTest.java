package dev.allframe.allsource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.allframe.allsource.Events.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppendAndReadTest {
    @TempDir Path dir;

    private AllSource open() {
        return AllSource.open(options(dir).segmentSize(64 * 1024).build());
    }

    @Test
    void appendAssignsOneBasedVersionsAndGapFreePositions() {
        try (AllSource s = open()) {
            AppendResult a = s.append("acc-1", ExpectedVersion.NO_STREAM, events(3, "a"));
            AppendResult b = s.append("acc-2", ExpectedVersion.ANY, events(2, "b"));
            AppendResult c = s.append("acc-1", 3, events(1, "c"));
            assertThat(a).isEqualTo(new AppendResult("acc-1", 1, 3, 1, 3));
            assertThat(b).isEqualTo(new AppendResult("acc-2", 1, 2, 4, 5));
            assertThat(c).isEqualTo(new AppendResult("acc-1", 4, 4, 6, 6));
            assertThat(s.readAll(1, 100)).extracting(StoredEvent::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(s.streamVersion("acc-1")).isEqualTo(4);
            assertThat(s.lastPosition()).isEqualTo(6);
        }
    }

    @Test
    void appendWithStaleVersionIsRejectedWithStreamExpectedAndActual() {
        try (AllSource s = open()) {
            s.append("x", ExpectedVersion.NO_STREAM, events(2, "a"));
            assertThatThrownBy(() -> s.append("x", 1, events(1, "b")))
                    .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                        assertThat(e.stream()).isEqualTo("x");
                        assertThat(e.expected()).isEqualTo(1);
                        assertThat(e.actual()).isEqualTo(2);
                    });
            assertThatThrownBy(() -> s.append("y", ExpectedVersion.EXISTS, events(1, "b")))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThat(s.lastPosition()).isEqualTo(2);
        }
    }

    @Test
    void reappendingStoredEventIdsReturnsTheOriginalPositions() {
        try (AllSource s = open()) {
            List<EventData> evs = events(3, "a");
            AppendResult first = s.append("x", ExpectedVersion.NO_STREAM, evs);
            s.append("y", ExpectedVersion.ANY, events(1, "b"));
            AppendResult again = s.append("x", ExpectedVersion.NO_STREAM, evs);
            assertThat(again).isEqualTo(new AppendResult("x", 1, 3, 1, 3, true));
            assertThat(first.alreadyStored()).isFalse();
            assertThat(s.lastPosition()).isEqualTo(4);
            assertThatThrownBy(() -> s.append("x", ExpectedVersion.ANY, List.of(evs.get(0), event("{}"))))
                    .isInstanceOf(AllSourceException.class).hasMessageContaining("mixes");
        }
        try (AllSource s = open()) {
            List<EventData> evs = s.readStream("x").stream()
                    .map(e -> new EventData(e.id(), e.type(), 1, e.metadata(), e.payload())).toList();
            assertThat(s.append("x", 0, evs)).isEqualTo(new AppendResult("x", 1, 3, 1, 3, true));
        }
    }

    @Test
    void findStoredAnswersLikeAnIdempotentAppendInBothModesAndAfterAReopen() {
        List<EventData> evs = events(2, "a");
        for (boolean memory : new boolean[]{false, true}) {
            try (AllSource s = memory ? AllSource.inMemory() : open()) {
                s.append("other", ExpectedVersion.ANY, events(1, "o"));
                AppendResult first = s.append("x", ExpectedVersion.NO_STREAM, evs);
                assertThat(s.findStored("x", evs)).contains(new AppendResult("x", 1, 2, 2, 3, true));
                assertThat(s.findStored("x", events(2, "new"))).isEmpty();
                assertThat(s.findStored("x", List.of())).isEmpty();
                assertThatThrownBy(() -> s.findStored("x", List.of(evs.get(0), event("{}"))))
                        .isInstanceOf(AllSourceException.class).hasMessageContaining("mixes");
                assertThatThrownBy(() -> s.findStored("y", evs))
                        .isInstanceOf(AllSourceException.class).hasMessageContaining("already stored in stream 'x'");
            }
        }
        try (AllSource s = open()) {
            assertThat(s.findStored("x", evs)).contains(new AppendResult("x", 1, 2, 2, 3, true));
        }
    }

    @Test
    void findStoredFromAnotherThreadSeesEveryAcknowledgedAppendWhileTheIdTableGrows() throws Exception {
        int n = 20_000;
        List<EventData> evs = events(n, "e");
        AppendResult[] acked = new AppendResult[n];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try (AllSource s = AllSource.open(options(dir).fsync(FsyncPolicy.NEVER).build())) {
            Thread writer = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    acked[i] = s.append("s-" + (i % 50), ExpectedVersion.ANY, List.of(evs.get(i)));
                    done.set(i + 1); // publishes acked[i] to the reader
                }
            });
            writer.start();
            java.util.Random random = new java.util.Random(42);
            int checked = 0;
            while (done.get() < n || checked < 1_000) {
                int upTo = done.get();
                if (upTo == 0) continue;
                int i = random.nextInt(upTo);
                assertThat(s.findStored("s-" + (i % 50), List.of(evs.get(i)))).as("event %d", i).contains(asRetry(acked[i]));
                checked++;
            }
            writer.join();
            for (int i = 0; i < n; i++) assertThat(s.findStored("s-" + (i % 50), List.of(evs.get(i)))).contains(asRetry(acked[i]));
        }
    }

    /** What a retry of the append that gave {@code r} answers. */
    private static AppendResult asRetry(AppendResult r) {
        return new AppendResult(r.stream(), r.firstVersion(), r.lastVersion(), r.firstPosition(), r.lastPosition(), true);
    }

    @Test
    void anEventIdStoredInOneStreamIsRefusedInAnotherNotSilentlyDropped() {
        try (AllSource s = open()) {
            List<EventData> evs = events(1, "a");
            s.append("x", ExpectedVersion.NO_STREAM, evs);
            assertThatThrownBy(() -> s.append("y", ExpectedVersion.ANY, evs))
                    .isInstanceOf(AllSourceException.class)
                    .hasMessageContaining("already stored in stream 'x'").hasMessageContaining("not in 'y'");
            assertThat(s.readStream("y")).isEmpty();
            assertThat(s.lastPosition()).isEqualTo(1);
        }
    }

    @Test
    void namesTooLongToStoreAreRefusedWhenTheAppendIsMade() {
        String huge = "t".repeat(70_000);
        assertThatThrownBy(() -> EventData.of(UUID.randomUUID(), huge, "{}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event type longer than 65535");
        assertThatThrownBy(() -> new AppendRequest(huge, ExpectedVersion.ANY, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream name longer than 65535");
    }

    @Test
    void multiStreamAppendIsAllOrNothing() {
        try (AllSource s = open()) {
            s.append("b", ExpectedVersion.NO_STREAM, events(1, "b"));
            assertThatThrownBy(() -> s.append(List.of(
                    new AppendRequest("a", ExpectedVersion.NO_STREAM, events(2, "a")),
                    new AppendRequest("b", ExpectedVersion.NO_STREAM, events(1, "b")))))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThat(s.readStream("a")).isEmpty();
            List<AppendResult> ok = s.append(List.of(
                    new AppendRequest("a", ExpectedVersion.NO_STREAM, events(2, "a")),
                    new AppendRequest("b", 1, events(1, "b"))));
            assertThat(ok).extracting(AppendResult::firstPosition).containsExactly(2L, 4L);
        }
    }

    @Test
    void readsByStreamForwardBackwardFromVersionAndByType() {
        try (AllSource s = open()) {
            for (int i = 0; i < 10; i++) {
                s.append("s", ExpectedVersion.ANY, List.of(event(i % 2 == 0 ? "Even" : "Odd", "{\"i\":" + i + "}")));
                s.append("other", ExpectedVersion.ANY, List.of(event("Noise", "{}")));
            }
            assertThat(s.readStream("s", 3, 2, false)).extracting(StoredEvent::version).containsExactly(3L, 4L);
            assertThat(s.readStream("s", 10, 3, true)).extracting(StoredEvent::version).containsExactly(10L, 9L, 8L);
            assertThat(s.readStream("s", Long.MAX_VALUE, 1, true)).extracting(StoredEvent::version).containsExactly(10L);
            assertThat(s.readStream("missing")).isEmpty();
            assertThat(s.readByType("Odd", 1, 100)).extracting(Events::payload)
                    .containsExactly("{\"i\":1}", "{\"i\":3}", "{\"i\":5}", "{\"i\":7}", "{\"i\":9}");
            assertThat(s.readByType("Odd", 10, 2)).extracting(StoredEvent::position).containsExactly(11L, 15L);
            assertThat(s.readAll(19, 100)).extracting(StoredEvent::position).containsExactly(19L, 20L);
            StoredEvent e = s.readStream("s").get(0);
            assertThat(e.type()).isEqualTo("Even");
            assertThat(e.schemaVersion()).isEqualTo(1);
            assertThat(new String(e.metadata())).isEqualTo("{\"m\":1}");
        }
    }

    @Test
    void asOfReadsShowTheStreamAsItWas() {
        try (AllSource s = open()) {
            s.append("s", ExpectedVersion.ANY, events(2, "a"));
            long t = s.readStream("s").get(1).timestampMicros();
            s.append("other", ExpectedVersion.ANY, events(1, "o"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).pollInterval(java.time.Duration.ofMillis(1))
                    .until(() -> System.currentTimeMillis() * 1000 > t + 1000);
            s.append("s", ExpectedVersion.ANY, events(2, "b"));
            assertThat(s.readStreamAsOfPosition("s", 3)).extracting(StoredEvent::version).containsExactly(1L, 2L);
            assertThat(s.readStreamAsOfPosition("s", 4)).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
            assertThat(s.readStreamAsOfTime("s", t)).extracting(StoredEvent::version).containsExactly(1L, 2L);
            assertThat(s.readStreamAsOfTime("s", Long.MAX_VALUE)).hasSize(4);
            assertThat(s.readStreamAsOfTime("s", 0)).isEmpty();
        }
    }

    @Test
    void reopenRebuildsTheIndexFromTheLogAcrossSegments() {
        try (AllSource s = open()) {
            for (int i = 0; i < 300; i++) s.append("s-" + (i % 7), ExpectedVersion.ANY, events(3, "p" + i));
            assertThat(s.stats().segments()).isGreaterThan(1);
        }
        try (AllSource s = open()) {
            assertThat(s.lastPosition()).isEqualTo(900);
            assertThat(s.stats().events()).isEqualTo(900);
            assertThat(s.stats().streams()).isEqualTo(7);
            assertThat(s.readAll(1, 1000)).extracting(StoredEvent::position)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 900).boxed().toList());
            List<StoredEvent> s3 = s.readStream("s-3");
            assertThat(s3).extracting(StoredEvent::version)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, s3.size()).boxed().toList());
            assertThat(Events.payload(s3.get(0))).isEqualTo("{\"p3\":0}");
            AppendResult next = s.append("s-3", s3.size(), events(1, "z"));
            assertThat(next.firstPosition()).isEqualTo(901);
        }
    }

    @Test
    void snapshotsKeepTheLatestPerStreamAndSurviveReopen() {
        try (AllSource s = open()) {
            s.append("s", ExpectedVersion.ANY, events(5, "a"));
            assertThat(s.loadSnapshot("s")).isEmpty();
            s.saveSnapshot("s", 2, "two".getBytes());
            s.saveSnapshot("s", 5, "five".getBytes());
            assertThatThrownBy(() -> s.saveSnapshot("s", 9, "nine".getBytes())).isInstanceOf(IllegalArgumentException.class);
            assertThat(s.loadSnapshot("s")).hasValueSatisfying(sn -> assertThat(new String(sn.state())).isEqualTo("five"));
        }
        try (AllSource s = open()) {
            AllSource.Snapshot sn = s.loadSnapshot("s").orElseThrow();
            assertThat(sn.version()).isEqualTo(5);
            assertThat(new String(sn.state())).isEqualTo("five");
        }
    }

    @Test
    void aSnapshotAtVersionZeroKeepsANamedValueWithoutAnEventAndSurvivesReopen() {
        try (AllSource s = open()) {
            s.append("other", ExpectedVersion.ANY, events(1, "a"));
            s.saveSnapshot("$checkpoint-p", 0, "{\"position\":1}".getBytes());
            s.saveSnapshot("$checkpoint-p", 0, "{\"position\":7}".getBytes());
            assertThatThrownBy(() -> s.saveSnapshot("$checkpoint-p", -1, "x".getBytes())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.saveSnapshot(" ", 0, "x".getBytes())).isInstanceOf(IllegalArgumentException.class);
            assertThat(s.lastPosition()).as("no event, no position").isEqualTo(1);
            assertThat(s.readStream("$checkpoint-p")).isEmpty();
        }
        for (AllSource s : new AllSource[]{open(), AllSource.inMemory()}) {
            try (s) {
                if (s.lastPosition() == 0) s.saveSnapshot("$checkpoint-p", 0, "{\"position\":7}".getBytes()); // memory
                AllSource.Snapshot sn = s.loadSnapshot("$checkpoint-p").orElseThrow();
                assertThat(sn.version()).isZero();
                assertThat(new String(sn.state())).isEqualTo("{\"position\":7}");
                assertThat(s.streamVersion("$checkpoint-p")).isZero();
            }
        }
    }

    @Test
    void memoryStoreHasTheSameSemantics() {
        try (AllSource s = AllSource.inMemory()) {
            List<EventData> evs = events(2, "a");
            assertThat(s.append("x", ExpectedVersion.NO_STREAM, evs)).isEqualTo(new AppendResult("x", 1, 2, 1, 2));
            assertThat(s.append("x", ExpectedVersion.NO_STREAM, evs)).isEqualTo(new AppendResult("x", 1, 2, 1, 2, true));
            assertThatThrownBy(() -> s.append("x", ExpectedVersion.NO_STREAM, events(1, "b")))
                    .isInstanceOf(WrongExpectedVersionException.class);
            s.prepare("tx", List.of(new AppendRequest("y", ExpectedVersion.NO_STREAM, events(1, "y"))));
            assertThatThrownBy(() -> s.append("y", ExpectedVersion.ANY, events(1, "b"))).isInstanceOf(WrongExpectedVersionException.class);
            assertThat(s.commitPrepared("tx")).extracting(AppendResult::firstPosition).containsExactly(3L);
            s.saveSnapshot("x", 2, new byte[]{7});
            assertThat(s.loadSnapshot("x").orElseThrow().state()).containsExactly(7);
            assertThat(s.readStream("x", 2, 10, true)).extracting(StoredEvent::version).containsExactly(2L, 1L);
            assertThat(s.readAll(1, 10)).hasSize(3);
            assertThat(s.stats().events()).isEqualTo(3);
        }
    }

    @Test
    void streamReadsStayCorrectWhenAGrowingStoreSwitchesFromStreamArraysToTheBoundedCache() {
        try (AllSource s = AllSource.open(options(dir).fsync(FsyncPolicy.NEVER).segmentSize(8 << 20).build())) {
            List<java.util.concurrent.CompletableFuture<List<AppendResult>>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 1400; i++)
                fs.add(s.appendAsync(List.of(new AppendRequest("big-" + (i % 7), ExpectedVersion.ANY, events(100, "b")))));
            java.util.concurrent.CompletableFuture.allOf(fs.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
            assertThat(s.lastPosition()).isEqualTo(140_000);
            for (int k = 0; k < 7; k++) {
                List<StoredEvent> stream = s.readStream("big-" + k);
                assertThat(stream).hasSize(20_000);
                for (int v = 0; v < stream.size(); v += 997) assertThat(stream.get(v).version()).isEqualTo(v + 1L);
                assertThat(s.readStream("big-" + k, 20_000, 2, true)).extracting(StoredEvent::version).containsExactly(20_000L, 19_999L);
            }
        }
    }

    @Test
    void emptyAppendChecksTheConditionAndWritesNothing() {
        try (AllSource s = open()) {
            assertThat(s.append("x", ExpectedVersion.NO_STREAM, List.of())).isEqualTo(new AppendResult("x", 1, 0, 0, 0));
            assertThatThrownBy(() -> s.append("x", ExpectedVersion.EXISTS, List.of())).isInstanceOf(WrongExpectedVersionException.class);
            assertThat(s.lastPosition()).isZero();
        }
    }

    @Test
    void duplicateIdsInsideOneAppendAreRefused() {
        try (AllSource s = open()) {
            EventData e = event("{}");
            assertThatThrownBy(() -> s.append("x", ExpectedVersion.ANY, List.of(e, e))).hasMessageContaining("twice");
            assertThat(s.lastPosition()).isZero();
            assertThat(s.healthy()).isTrue();
            UUID id = UUID.randomUUID();
            assertThat(s.append("x", ExpectedVersion.ANY, List.of(EventData.of(id, "T", "{}".getBytes()))).firstPosition()).isEqualTo(1);
        }
    }

    /**
     * Memory mode fills its id table only when an id is not above every id stored so far: retries of
     * time-ordered ids and of ids that arrive out of order must both be found, and new low ids stored.
     */
    @Test
    void inMemoryRetriesAreFoundWhetherIdsArriveInOrderOrNot() {
        try (AllSource s = AllSource.inMemory()) {
            UUID high = new UUID(0x7000_0000_0000_9000L, 0x8000_0000_0000_0001L);
            UUID low = new UUID(0x7000_0000_0000_1000L, 0x8000_0000_0000_0001L);
            UUID lower = new UUID(0x0000_0000_0000_0001L, 0x8000_0000_0000_0001L);
            List<EventData> ordered = new ArrayList<>();
            for (int i = 0; i < 50; i++) ordered.add(new EventData(EventIds.next(), "Ordered", 1, new byte[0], new byte[0]));
            for (int i = 0; i < 50; i++) s.append("o", i, List.of(ordered.get(i)));
            s.append("x", 0, List.of(withId(high)));
            s.append("x", 1, List.of(withId(low))); // below the greatest id: goes through the table
            AppendResult retryOrdered = s.append("o", ExpectedVersion.ANY, List.of(ordered.get(17)));
            assertThat(retryOrdered.alreadyStored()).isTrue();
            assertThat(retryOrdered.firstVersion()).isEqualTo(18);
            assertThat(s.append("x", ExpectedVersion.ANY, List.of(withId(low))).firstPosition()).isEqualTo(52);
            assertThat(s.append("x", ExpectedVersion.ANY, List.of(withId(high))).alreadyStored()).isTrue();
            assertThat(s.findStored("x", List.of(withId(low)))).get().extracting(AppendResult::firstVersion).isEqualTo(2L);
            assertThat(s.findStored("o", List.of(ordered.get(49)))).get().extracting(AppendResult::firstPosition).isEqualTo(50L);
            AppendResult fresh = s.append("x", ExpectedVersion.ANY, List.of(withId(lower)));
            assertThat(fresh.alreadyStored()).isFalse();
            assertThat(fresh.firstVersion()).isEqualTo(3);
            assertThat(s.append("x", ExpectedVersion.ANY, List.of(withId(lower))).alreadyStored()).isTrue();
            assertThatThrownBy(() -> s.append("o", ExpectedVersion.ANY, List.of(withId(low))))
                    .isInstanceOf(EventIdConflictException.class);
            assertThat(s.lastPosition()).isEqualTo(53);
        }
    }

    /** A durable writer skips the id lookup for ids above the greatest one: after a reopen too. */
    @Test
    void durableRetriesOfTimeOrderedIdsAreFoundAfterReopen() {
        List<EventData> ordered = new ArrayList<>();
        for (int i = 0; i < 20; i++) ordered.add(new EventData(EventIds.next(), "Ordered", 1, new byte[0], new byte[0]));
        try (AllSource s = open()) {
            for (int i = 0; i < 20; i++) s.append("o", i, List.of(ordered.get(i)));
            assertThat(s.append("o", ExpectedVersion.ANY, List.of(ordered.get(19))).alreadyStored()).isTrue();
        }
        try (AllSource s = open()) {
            AppendResult retry = s.append("o", ExpectedVersion.ANY, List.of(ordered.get(19)));
            assertThat(retry.alreadyStored()).isTrue();
            assertThat(retry.firstPosition()).isEqualTo(20);
            assertThat(s.findStored("o", List.of(ordered.get(19)))).get().extracting(AppendResult::firstVersion).isEqualTo(20L);
            assertThat(s.append("o", ExpectedVersion.ANY, List.of(withId(EventIds.next()))).firstPosition()).isEqualTo(21);
            assertThat(s.lastPosition()).isEqualTo(21);
        }
    }

    /** A retry must be one earlier append's events in their order: reordered, mixed or repeated ids are conflicts. */
    @Test
    void retriesThatAreNotOneEarlierAppendInOrderAreConflicts() {
        for (AllSource s : new AllSource[]{open(), AllSource.inMemory()}) {
            try (s) {
                EventData a1 = withId(UUID.randomUUID()), a2 = withId(UUID.randomUUID()), b1 = withId(UUID.randomUUID());
                s.append("idem", 0, List.of(a1, a2));
                s.append("other", 0, List.of(b1));
                assertThatThrownBy(() -> s.append("idem", ExpectedVersion.ANY, List.of(a2, a1)))
                        .isInstanceOf(EventIdConflictException.class).hasMessageContaining("in its order");
                assertThatThrownBy(() -> s.append("idem", ExpectedVersion.ANY, List.of(a2, b1)))
                        .isInstanceOf(EventIdConflictException.class);
                assertThatThrownBy(() -> s.append("idem", ExpectedVersion.ANY, List.of(a1, a1)))
                        .isInstanceOf(EventIdConflictException.class);
                assertThatThrownBy(() -> s.append(List.of(new AppendRequest("idem", ExpectedVersion.ANY, List.of(a2, a1)))))
                        .isInstanceOf(EventIdConflictException.class);
                AppendResult same = s.append("idem", ExpectedVersion.ANY, List.of(a1, a2));
                assertThat(same.alreadyStored()).isTrue();
                assertThat(same.firstVersion()).isEqualTo(1);
                assertThat(same.lastVersion()).isEqualTo(2);
                assertThat(s.append("idem", ExpectedVersion.ANY, List.of(a2)).firstVersion()).as("a tail of one append").isEqualTo(2);
                assertThat(s.lastPosition()).isEqualTo(3);
            }
        }
    }

    private static EventData withId(UUID id) {
        return new EventData(id, "Happened", 1, new byte[0], "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
