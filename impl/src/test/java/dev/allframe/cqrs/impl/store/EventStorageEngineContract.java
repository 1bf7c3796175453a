package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.Event;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.NewEvent;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.WrongExpectedVersionException;
import dev.allframe.cqrs.spi.CheckpointStorage;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.spi.SnapshotStorage;
import dev.allframe.cqrs.spi.StoredSnapshot;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static dev.allframe.cqrs.ExpectedVersion.ANY;
import static dev.allframe.cqrs.ExpectedVersion.EXISTS;
import static dev.allframe.cqrs.ExpectedVersion.NO_STREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link EventStorageEngine} must do. A backend's test extends this class and returns
 * a fresh, empty engine from {@link #newEngine()}; exported in {@code allframe-impl}'s test-jar.
 */
public abstract class EventStorageEngineContract {
    /** A fresh engine over an empty store; called before every test. */
    protected abstract EventStorageEngine newEngine() throws Exception;

    /**
     * Whether {@link AppendResult#alreadyStored()} is exact also for retries racing the original
     * append. The AllSource client API does not say whether an append was a retry; that backend
     * infers it, which works for a retry after the original committed but not for one racing it.
     */
    protected boolean reportsAlreadyStoredForRacingRetries() {
        return true;
    }

    protected EventStorageEngine engine;
    protected EventStore store;

    @Event(value = "ContractOpened", version = 1)
    public record Opened(String owner, String note) {
    }

    @BeforeEach
    void freshEngine() throws Exception {
        engine = newEngine();
        store = new DefaultEventStore(engine, new EventSerializer(new EventTypes()));
    }

    protected static SerializedEvent event(String type, String json) {
        return new SerializedEvent(EventIds.next(), type, 1, "", json);
    }

    protected static List<SerializedEvent> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> event("Counted", "{\"n\":" + i + "}")).toList();
    }

    // ----- ordering -------------------------------------------------------------------------

    @Test
    void appendedEventsReadBackInOrderWithOneBasedVersionsAndPositions() {
        AppendResult r = engine.append("a", NO_STREAM, events(3));

        assertThat(r).isEqualTo(new AppendResult("a", 1, 3, 1, 3));
        List<StoredRecord> read = engine.read("a", ReadOptions.forwards());
        assertThat(read).extracting(StoredRecord::version).containsExactly(1L, 2L, 3L);
        assertThat(read).extracting(StoredRecord::position).containsExactly(1L, 2L, 3L);
        assertThat(read).extracting(StoredRecord::payloadJson).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        assertThat(read).allSatisfy(s -> assertThat(s.stream()).isEqualTo("a"));
    }

    @Test
    void positionsAreGlobalAcrossStreamsAndVersionsPerStream() {
        engine.append("a", NO_STREAM, events(2));
        AppendResult b = engine.append("b", NO_STREAM, events(2));
        engine.append("a", 2, events(1));

        assertThat(b).isEqualTo(new AppendResult("b", 1, 2, 3, 4));
        assertThat(engine.readAll(1, 100)).extracting(StoredRecord::position).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(engine.readAll(1, 100)).extracting(StoredRecord::stream).containsExactly("a", "a", "b", "b", "a");
        assertThat(engine.version("a")).isEqualTo(3);
        assertThat(engine.lastPosition()).isEqualTo(5);
    }

    @Test
    void streamsReadForwardAndBackwardFromAVersionWithALimit() {
        engine.append("s", NO_STREAM, events(10));

        assertThat(engine.read("s", ReadOptions.forwards().from(4).max(3))).extracting(StoredRecord::version).containsExactly(4L, 5L, 6L);
        assertThat(engine.read("s", ReadOptions.backwards().max(2))).extracting(StoredRecord::version).containsExactly(10L, 9L);
        assertThat(engine.read("s", ReadOptions.backwards().from(3))).extracting(StoredRecord::version).containsExactly(3L, 2L, 1L);
        assertThat(engine.read("s", ReadOptions.forwards().from(11))).isEmpty();
    }

    @Test
    void readAllStartsAtTheGivenPositionAndStopsAtMaxCount() {
        engine.append("a", ANY, events(5));

        assertThat(engine.readAll(3, 2)).extracting(StoredRecord::position).containsExactly(3L, 4L);
        assertThat(engine.readAll(6, 10)).isEmpty();
        assertThat(engine.readAll(1, 0)).isEmpty();
    }

    @Test
    void readByTypeReturnsOnlyThatTypeInPositionOrder() {
        engine.append("a", ANY, List.of(event("X", "{}"), event("Y", "{}"), event("X", "{}")));
        engine.append("b", ANY, List.of(event("X", "{}")));

        assertThat(engine.readByType("X", 1, 10)).extracting(StoredRecord::position).containsExactly(1L, 3L, 4L);
        assertThat(engine.readByType("X", 2, 1)).extracting(StoredRecord::position).containsExactly(3L);
        assertThat(engine.readByType("Z", 1, 10)).isEmpty();
    }

    // ----- expected version ---------------------------------------------------------------

    @Test
    void noStreamIsRejectedWhenTheStreamHasEvents() {
        engine.append("a", NO_STREAM, events(2));

        assertThatThrownBy(() -> engine.append("a", NO_STREAM, events(1)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.stream()).isEqualTo("a");
                    assertThat(e.expected()).isEqualTo(NO_STREAM);
                    assertThat(e.actual()).isEqualTo(2);
                });
        assertThat(engine.version("a")).isEqualTo(2);
    }

    @Test
    void existsIsRejectedWhenTheStreamHasNoEvents() {
        assertThatThrownBy(() -> engine.append("missing", EXISTS, events(1)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> assertThat(e.actual()).isZero());
        engine.append("missing", NO_STREAM, events(1));
        assertThat(engine.append("missing", EXISTS, events(1)).lastVersion()).isEqualTo(2);
    }

    @Test
    void aStaleExactVersionIsRejectedAndTheCurrentOneAccepted() {
        engine.append("a", NO_STREAM, events(3));

        assertThatThrownBy(() -> engine.append("a", 2, events(1)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.expected()).isEqualTo(2);
                    assertThat(e.actual()).isEqualTo(3);
                });
        assertThat(engine.append("a", 3, events(1))).isEqualTo(new AppendResult("a", 4, 4, 4, 4));
    }

    @Test
    void anyAppendsWhateverTheVersion() {
        assertThat(engine.append("a", ANY, events(1)).lastVersion()).isEqualTo(1);
        assertThat(engine.append("a", ANY, events(2)).lastVersion()).isEqualTo(3);
    }

    @Test
    @Timeout(60)
    void ofSixteenRacingWritersWithTheSameExpectationExactlyOneWins() throws Exception {
        engine.append("race", NO_STREAM, events(1));
        List<Object> outcomes = race(16, i -> engine.append("race", 1, events(2)));

        assertThat(outcomes).filteredOn(AppendResult.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(WrongExpectedVersionException.class::isInstance).hasSize(15)
                .allSatisfy(e -> assertThat(((WrongExpectedVersionException) e).actual()).isGreaterThan(1));
        assertThat(engine.version("race")).isEqualTo(3);
        assertThat(engine.readAll(1, 100)).extracting(StoredRecord::position).containsExactly(1L, 2L, 3L);
    }

    @Test
    @Timeout(60)
    void racingWritersWithAnyAllSucceedWithDistinctVersions() throws Exception {
        List<Object> outcomes = race(8, i -> engine.append("any", ANY, events(1)));

        assertThat(outcomes).allMatch(AppendResult.class::isInstance);
        assertThat(outcomes).extracting(o -> ((AppendResult) o).lastVersion()).doesNotHaveDuplicates();
        assertThat(engine.version("any")).isEqualTo(8);
    }

    // ----- idempotency --------------------------------------------------------------------

    @Test
    void reappendingTheSameIdsReturnsTheOriginalResultAndWritesNothing() {
        engine.append("other", ANY, events(2));
        List<SerializedEvent> batch = events(3);
        AppendResult first = engine.append("a", NO_STREAM, batch);

        AppendResult again = engine.append("a", NO_STREAM, batch);

        assertThat(first).isEqualTo(new AppendResult("a", 1, 3, 3, 5));
        assertThat(again).isEqualTo(new AppendResult("a", 1, 3, 3, 5, true));
        assertThat(engine.version("a")).isEqualTo(3);
        assertThat(engine.lastPosition()).isEqualTo(5);
    }

    @Test
    @Timeout(60)
    void concurrentRetriesOfOneAppendWriteItOnce() throws Exception {
        List<SerializedEvent> batch = events(2);
        List<Object> outcomes = race(8, i -> engine.append("idem", ANY, batch));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(AppendResult.class,
                r -> assertThat(List.of(r.firstVersion(), r.lastVersion(), r.firstPosition(), r.lastPosition())).containsExactly(1L, 2L, 1L, 2L)));
        if (reportsAlreadyStoredForRacingRetries()) assertThat(outcomes).filteredOn(o -> !((AppendResult) o).alreadyStored()).hasSize(1);
        assertThat(engine.stats().events()).isEqualTo(2);
    }

    @Test
    void anAppendReusingAnIdOfAnotherStreamIsRejectedWhole() {
        SerializedEvent taken = event("X", "{}");
        engine.append("first", ANY, List.of(taken));

        assertThatThrownBy(() -> engine.append("second", NO_STREAM, List.of(event("X", "{}"), taken)))
                .isInstanceOfAny(IllegalArgumentException.class, EventStoreException.class);
        assertThat(engine.version("second")).isZero();
        assertThat(engine.lastPosition()).isEqualTo(1);
    }

    // ----- gap-free global log under concurrency ------------------------------------------

    @Test
    @Timeout(120)
    void readAllFromACheckpointSeesEveryPositionOnceWhileWritersRace() throws Exception {
        int writers = 8, appends = 25, perAppend = 3, total = writers * appends * perAppend;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            Future<List<Long>> reader = pool.submit(() -> {
                List<Long> seen = new ArrayList<>();
                long next = 1;
                while (seen.size() < total) {
                    for (StoredRecord r : engine.readAll(next, 50)) {
                        assertThat(r.position()).as("position after %d", next - 1).isEqualTo(next);
                        seen.add(r.position());
                        next++;
                    }
                    if (!writing.get() && next > engine.lastPosition()) break;
                }
                return seen;
            });
            List<Future<?>> ws = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String stream = "w-" + w;
                ws.add(pool.submit(() -> {
                    for (int i = 0; i < appends; i++) engine.append(stream, i * perAppend, events(perAppend));
                    return null;
                }));
            }
            for (Future<?> f : ws) f.get(100, TimeUnit.SECONDS);
            writing.set(false);
            List<Long> seen = reader.get(100, TimeUnit.SECONDS);

            assertThat(seen).hasSize(total);
            assertThat(seen).isSorted().doesNotHaveDuplicates();
            assertThat(engine.lastPosition()).isEqualTo(total);
            assertThat(engine.stats().events()).isEqualTo(total);
            assertThat(engine.stats().streams()).isEqualTo(writers);
        } finally {
            pool.shutdownNow();
        }
    }

    // ----- as-of reads --------------------------------------------------------------------

    @Test
    void asOfAPositionReturnsTheStreamAsItWasThen() {
        engine.append("a", NO_STREAM, events(2));
        engine.append("b", NO_STREAM, events(1));
        engine.append("a", 2, events(2));

        assertThat(engine.readAsOfPosition("a", 3)).extracting(StoredRecord::version).containsExactly(1L, 2L);
        assertThat(engine.readAsOfPosition("a", 5)).extracting(StoredRecord::version).containsExactly(1L, 2L, 3L, 4L);
        assertThat(engine.readAsOfPosition("a", 0)).isEmpty();
    }

    @Test
    void asOfATimeReturnsTheStreamAsItWasThen() {
        engine.append("a", NO_STREAM, events(2));
        long between = engine.read("a", ReadOptions.forwards()).get(1).timestampMicros();
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() * 1000 > between + 2000);
        engine.append("a", 2, events(1));

        assertThat(engine.readAsOfTime("a", between)).extracting(StoredRecord::version).containsExactly(1L, 2L);
        assertThat(engine.readAsOfTime("a", Long.MAX_VALUE)).hasSize(3);
        assertThat(engine.readAsOfTime("a", between - 60_000_000L)).isEmpty();
        assertThat(store.readAsOf("a", Instant.EPOCH.plusNanos(between * 1000))).hasSize(2);
    }

    @Test
    void timestampsNeverDecreaseAlongPositions() {
        for (int i = 0; i < 20; i++) engine.append("t" + (i % 3), ANY, events(2));

        assertThat(engine.readAll(1, 100)).extracting(StoredRecord::timestampMicros).isSorted();
    }

    // ----- payloads -------------------------------------------------------------------------

    @Test
    void aOneMegabytePayloadRoundTrips() {
        String big = "x".repeat(1 << 20);
        String json = "{\"blob\":\"" + big + "\"}";
        engine.append("big", NO_STREAM, List.of(event("Big", json)));

        assertThat(engine.read("big", ReadOptions.forwards()).get(0).payloadJson()).isEqualTo(json);
    }

    @Test
    void unicodeStreamNamesTypesMetadataAndPayloadsRoundTrip() {
        String stream = "konto-Ærø-日本-🚀";
        SerializedEvent e = new SerializedEvent(EventIds.next(), "Überweisung✓", 1, "{\"who\":\"José 😀\"}", "{\"text\":\"naïve ½ 中文 🎉\"}");
        engine.append(stream, NO_STREAM, List.of(e));

        StoredRecord r = engine.read(stream, ReadOptions.forwards()).get(0);
        assertThat(r.stream()).isEqualTo(stream);
        assertThat(r.type()).isEqualTo("Überweisung✓");
        assertThat(r.metadataJson()).isEqualTo(e.metadataJson());
        assertThat(r.payloadJson()).isEqualTo(e.payloadJson());
        assertThat(engine.readByType("Überweisung✓", 1, 1)).hasSize(1);
    }

    @Test
    void typedEventsRoundTripThroughTheStoreWithIdsAndMetadata() {
        UUID id = UUID.randomUUID();
        store.append("acc-1", NO_STREAM, new NewEvent(id, new Opened("Zoë", "ünïcode"), Map.of("correlationId", "c-1", "k", "v")));

        EventEnvelope<?> e = store.read("acc-1").get(0);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.type()).isEqualTo("ContractOpened");
        assertThat(e.payload()).isEqualTo(new Opened("Zoë", "ünïcode"));
        assertThat(e.correlationId()).isEqualTo("c-1");
        assertThat(e.metadata()).containsExactly(Map.entry("k", "v"));
        assertThat(e.position()).isEqualTo(1);
    }

    // ----- empty ---------------------------------------------------------------------------

    @Test
    void aStreamWithoutEventsReadsEmptyAtVersionZero() {
        assertThat(engine.read("nothing", ReadOptions.forwards())).isEmpty();
        assertThat(engine.read("nothing", ReadOptions.backwards())).isEmpty();
        assertThat(engine.version("nothing")).isZero();
        assertThat(engine.lastPosition()).isZero();
        assertThat(engine.readAll(1, 10)).isEmpty();
        assertThat(engine.stats().events()).isZero();
    }

    @Test
    void anEmptyAppendChecksTheVersionAndWritesNothing() {
        engine.append("a", NO_STREAM, events(2));

        assertThat(engine.append("a", 2, List.of())).isEqualTo(new AppendResult("a", 2, 2, 0, 0));
        assertThatThrownBy(() -> engine.append("a", 1, List.of())).isInstanceOf(WrongExpectedVersionException.class);
        assertThat(engine.lastPosition()).isEqualTo(2);
    }

    // ----- invalid arguments (through the EventStore, which validates for every backend) ---

    @Test
    void invalidArgumentsAreRejectedBeforeReachingTheBackend() {
        assertThatThrownBy(() -> store.append(" ", ANY, List.of(new Opened("a", "b")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append("a", -3, List.of(new Opened("a", "b")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append("a", ANY, (List<?>) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.append("a", ANY, Collections.singletonList(null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.readAll(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.readAll(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.readAsOf("a", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read("x".repeat(513))).isInstanceOf(IllegalArgumentException.class);
        assertThat(engine.lastPosition()).isZero();
    }

    /** Text UTF-8 cannot hold, or control characters in names, would be stored changed or unreadable: refused. */
    @Test
    void unstorableTextIsRejectedNotChanged() {
        assertThatThrownBy(() -> store.append("a\nb", ANY, List.of(new Opened("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> store.append("a\u0000", ANY, List.of(new Opened("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> store.append("s\ud800", ANY, List.of(new Opened("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired");
        assertThatThrownBy(() -> store.append("s", ANY, List.of(new Opened("a", "bad \ud800 text"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired").hasMessageContaining("ContractOpened");
        assertThatThrownBy(() -> store.append("s", ANY, List.of(new NewEvent(UUID.randomUUID(), new Opened("a", "b"), Map.of("k", "\udc00")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata");
        assertThat(engine.lastPosition()).isZero();
        store.append("s", ANY, List.of(new Opened("Zoë 😀", "ünïcode")));
        assertThat(store.read("s")).singleElement().extracting(e -> ((Opened) e.payload()).owner()).isEqualTo("Zoë 😀");
    }

    // ----- snapshots and checkpoints --------------------------------------------------------

    @Test
    void theLatestSnapshotOfAStreamWinsAndOlderOnesDoNotReplaceIt() {
        SnapshotStorage snapshots = engine.snapshots();
        engine.append("acc", NO_STREAM, events(200));
        assertThat(snapshots.load("acc")).isEmpty();

        snapshots.save(new StoredSnapshot("acc", 100, "Account", "{\"balance\":1}"));
        snapshots.save(new StoredSnapshot("acc", 200, "Account", "{\"balance\":2}"));
        snapshots.save(new StoredSnapshot("acc", 150, "Account", "{\"balance\":9}"));

        assertThat(snapshots.load("acc")).contains(new StoredSnapshot("acc", 200, "Account", "{\"balance\":2}"));
        assertThat(snapshots.load("other")).isEmpty();
    }

    @Test
    void aSnapshotWithALargeUnicodeStateRoundTrips() {
        String state = "{\"s\":\"" + "ü😀".repeat(100_000) + "\"}";
        engine.append("ü-stream", NO_STREAM, events(1));
        engine.snapshots().save(new StoredSnapshot("ü-stream", 1, "Big", state));

        assertThat(engine.snapshots().load("ü-stream")).get().extracting(StoredSnapshot::stateJson).isEqualTo(state);
    }

    @Test
    void checkpointsStartAtZeroAndKeepTheLastSavedPosition() {
        CheckpointStorage checkpoints = engine.checkpoints();
        assertThat(checkpoints.load("projection")).isZero();

        checkpoints.save("projection", 42);
        checkpoints.save("projection", 43);
        checkpoints.save("other", 7);

        assertThat(checkpoints.load("projection")).isEqualTo(43);
        assertThat(checkpoints.load("other")).isEqualTo(7);
    }

    // ----- helpers --------------------------------------------------------------------------

    /** Runs {@code n} calls released at once; returns each call's result or exception. */
    protected static List<Object> race(int n, ThrowingTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<Object>) () -> {
                    start.await();
                    try {
                        return task.run(index);
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : futures) out.add(f.get(50, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    protected interface ThrowingTask {
        Object run(int index) throws Exception;
    }
}
