package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.EventIds;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mode A, the seeds' workload: in memory, one thread, 100 entities, a new store per 1,000 events, one
 * event per conditional append (exact expected version), a unique time-ordered event id per event
 * ({@code EventIds}). Scores are events per second.
 * <p>
 * {@code allsource_inMemory_newStorePer1000} uses the in-memory backend of the same API
 * ({@code AllSource.inMemory()}): the Mode A figure. The {@code fsyncNever_*} variants use the file-backed
 * engine with fsync NEVER on /dev/shm: a new store per 1,000 events (open + close counted, as the seeds
 * do), a new store only every 1,000,000 events (open cost amortized), and open + close alone (stores/s).
 * The Axon baseline creates a new {@code InMemoryEventStorageEngine} per 1,000 events and appends each
 * event on its own; Axon's engine does not check the expected version (its aggregate repository does),
 * ours does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseTransparentHugePages"})
public class ModeAInMemoryAppendBenchmark {
    static final int EVENTS_PER_STORE = 1_000;
    static final int ENTITIES = 100;
    static final int EVENTS_PER_LONG_STORE = 1_000_000;
    static final String[] STREAMS = new String[ENTITIES];

    static {
        for (int i = 0; i < ENTITIES; i++) STREAMS[i] = "account-" + i;
    }

    /** A directory for short-lived stores; each invocation's store is deleted after it, unmeasured. */
    @State(Scope.Thread)
    public static class NewStores {
        final long[] versions = new long[ENTITIES];
        Path base;
        int storeNo;

        @Setup(Level.Trial)
        public void setUp() {
            base = BenchData.newDirectory("modeA", true);
        }

        @TearDown(Level.Invocation)
        public void deleteLastStore() {
            BenchData.deleteTree(base.resolve("s" + (storeNo - 1)));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            BenchData.deleteTree(base);
        }

        AllSource open() {
            java.util.Arrays.fill(versions, 0);
            return BenchData.openScratch(base.resolve("s" + storeNo++));
        }
    }

    /** One store that is replaced by a fresh one every 1,000,000 events. */
    @State(Scope.Thread)
    public static class LongStore {
        final long[] versions = new long[ENTITIES];
        Path base;
        AllSource store;
        int storeNo, events;

        @Setup(Level.Trial)
        public void setUp() {
            base = BenchData.newDirectory("modeA-long", true);
        }

        AllSource store() {
            if (store == null || events >= EVENTS_PER_LONG_STORE) {
                if (store != null) {
                    store.close();
                    BenchData.deleteTree(base.resolve("s" + (storeNo - 1)));
                }
                store = BenchData.openScratch(base.resolve("s" + storeNo++));
                events = 0;
                java.util.Arrays.fill(versions, 0);
            }
            events += EVENTS_PER_STORE;
            return store;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (store != null) store.close();
            BenchData.deleteTree(base);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_STORE)
    public long allsource_inMemory_newStorePer1000() {
        long[] versions = new long[ENTITIES];
        try (AllSource store = AllSource.inMemory()) {
            appendThousand(store, versions);
            return store.lastPosition();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_STORE)
    public long allsource_fsyncNever_newStorePer1000(NewStores s) {
        try (AllSource store = s.open()) {
            appendThousand(store, s.versions);
            return store.lastPosition();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_STORE)
    public long allsource_fsyncNever_storePer1M(LongStore s) {
        AllSource store = s.store();
        appendThousand(store, s.versions);
        return store.lastPosition();
    }

    @Benchmark
    public long allsource_fsyncNever_openClose(NewStores s) {
        try (AllSource store = s.open()) {
            return store.lastPosition();
        }
    }

    private static void appendThousand(AllSource store, long[] versions) {
        for (int i = 0; i < EVENTS_PER_STORE; i++) {
            int e = i % ENTITIES;
            versions[e] = store.append(STREAMS[e], versions[e], List.of(BenchData.event(BenchData.SMALL_PAYLOAD)))
                    .lastVersion();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_STORE)
    public InMemoryEventStorageEngine axon_inMemory_newStorePer1000() {
        InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
        long[] versions = new long[ENTITIES];
        for (int i = 0; i < EVENTS_PER_STORE; i++) {
            int e = i % ENTITIES;
            engine.appendEvents(List.of(new GenericDomainEventMessage<>("Account", STREAMS[e], versions[e]++,
                    BenchData.SMALL_PAYLOAD, MetaData.emptyInstance(), EventIds.next().toString(), Instant.now())));
        }
        return engine;
    }
}
