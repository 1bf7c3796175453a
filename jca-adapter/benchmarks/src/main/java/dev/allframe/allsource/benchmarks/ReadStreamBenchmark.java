package dev.allframe.allsource.benchmarks;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.EventIds;
import dev.allframe.allsource.ExpectedVersion;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.allsource.StoredEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reading one 100-event stream out of a 10,000-event store (100 streams of 100 events, appended
 * interleaved), hot: the store was written in this JVM (file engine with fsync NEVER; and the in-memory
 * backend, {@code allsource_inMemory_readStream}). Mode SampleTime: mean and percentiles per read
 * (p0.99 is the p99; JMH's timer adds ~20-30 ns to each sample). The streams are read in turn.
 * <p>
 * {@code allsource_readStream} returns the list (as the engine contract does);
 * {@code allsource_readStreamTouchAll} also reads a field of every event; Axon's
 * {@code readEvents(aggregateId)} is a lazy stream, so its baseline iterates all 100 events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseTransparentHugePages"})
public class ReadStreamBenchmark {
    static final int STREAMS = 100;
    static final int EVENTS_PER_STREAM = 100;

    private Path dir;
    private AllSource store;
    private AllSource memory;
    private InMemoryEventStorageEngine axon;
    private final String[] names = new String[STREAMS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        dir = BenchData.newDirectory("read", true);
        store = AllSource.open(BenchData.options(dir, FsyncPolicy.NEVER));
        memory = AllSource.inMemory();
        axon = new InMemoryEventStorageEngine();
        for (int s = 0; s < STREAMS; s++) names[s] = "account-" + s;
        for (int v = 0; v < EVENTS_PER_STREAM; v++) {
            for (int s = 0; s < STREAMS; s++) {
                store.append(names[s], ExpectedVersion.ANY, List.of(BenchData.event(BenchData.PAYLOAD_250)));
                memory.append(names[s], ExpectedVersion.ANY, List.of(BenchData.event(BenchData.PAYLOAD_250)));
                axon.appendEvents(List.of(new GenericDomainEventMessage<>("Account", names[s], v,
                        BenchData.PAYLOAD_250, MetaData.emptyInstance(), EventIds.next().toString(), Instant.now())));
            }
        }
        if (store.readStream(names[0]).size() != EVENTS_PER_STREAM)
            throw new IllegalStateException("setup wrote a wrong number of events");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        memory.close();
        BenchData.deleteTree(dir);
    }

    private String nextStream() {
        String s = names[next];
        next = next + 1 == STREAMS ? 0 : next + 1;
        return s;
    }

    @Benchmark
    public List<StoredEvent> allsource_readStream() {
        return store.readStream(nextStream(), 1, EVENTS_PER_STREAM, false);
    }

    @Benchmark
    public List<StoredEvent> allsource_inMemory_readStream() {
        return memory.readStream(nextStream(), 1, EVENTS_PER_STREAM, false);
    }

    @Benchmark
    public long allsource_readStreamTouchAll() {
        long sum = 0;
        for (StoredEvent e : store.readStream(nextStream(), 1, EVENTS_PER_STREAM, false)) sum += e.version();
        return sum;
    }

    @Benchmark
    public long axon_inMemory_readEvents() {
        long sum = 0;
        DomainEventStream events = axon.readEvents(nextStream(), 0);
        while (events.hasNext()) {
            DomainEventMessage<?> e = events.next();
            sum += e.getSequenceNumber();
        }
        return sum;
    }
}
