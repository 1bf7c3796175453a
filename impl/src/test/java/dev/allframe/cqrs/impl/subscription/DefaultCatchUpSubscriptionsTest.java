package dev.allframe.cqrs.impl.subscription;

import dev.allframe.cqrs.Event;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.UnknownEventTypeException;
import dev.allframe.cqrs.impl.schema.Upcasters;
import dev.allframe.cqrs.impl.store.EventIds;
import dev.allframe.cqrs.spi.SerializedEvent;
import jakarta.json.Json;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.impl.store.EventSerializer;
import dev.allframe.cqrs.impl.store.EventTypes;
import dev.allframe.cqrs.impl.store.jpa.JdbcStorageEngine;
import dev.allframe.cqrs.impl.store.memory.MemoryStorageEngine;
import dev.allframe.cqrs.spi.StoredRecord;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.allframe.cqrs.ExpectedVersion.ANY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultCatchUpSubscriptionsTest {
    public record Tick(int n) {
    }

    private final MemoryStorageEngine engine = new MemoryStorageEngine();
    private final DefaultEventStore store = new DefaultEventStore(engine, new EventSerializer(new EventTypes()));
    private final DefaultCatchUpSubscriptions subscriptions = new DefaultCatchUpSubscriptions(store, engine.checkpoints(), 4);

    private void ticks(int from, int to) {
        store.append("ticks", ANY, IntStream.range(from, to).mapToObj(Tick::new).map(Object.class::cast).toList());
    }

    @Test
    void everyEventIsHandledOnceInPositionOrderAcrossCatchUps() {
        List<Long> handled = new ArrayList<>();
        ticks(0, 10);
        assertThat(subscriptions.catchUp("p", e -> handled.add(e.position()))).isEqualTo(10);
        ticks(10, 13);
        assertThat(subscriptions.catchUp("p", e -> handled.add(e.position()))).isEqualTo(13);
        assertThat(subscriptions.catchUp("p", e -> handled.add(e.position()))).isEqualTo(13);

        assertThat(handled).containsExactlyElementsOf(IntStream.rangeClosed(1, 13).mapToObj(i -> (long) i).toList());
        assertThat(subscriptions.checkpoint("p")).isEqualTo(13);
    }

    @Test
    void aFailingHandlerLeavesTheCheckpointAtTheLastHandledEventAndTheNextRunResumesThere() {
        ticks(0, 6);
        assertThatThrownBy(() -> subscriptions.catchUp("p", e -> {
            if (e.position() == 6) throw new IllegalStateException("boom at 6");
        })).hasMessage("boom at 6");
        assertThat(subscriptions.checkpoint("p")).isEqualTo(5);

        List<Long> retried = new ArrayList<>();
        subscriptions.catchUp("p", e -> retried.add(e.position()));
        assertThat(retried).containsExactly(6L);
    }

    @Test
    void resetReplaysFromTheGivenPosition() {
        ticks(0, 5);
        subscriptions.catchUp("p", e -> { });
        subscriptions.reset("p", 2);

        List<Object> again = new ArrayList<>();
        subscriptions.catchUp("p", e -> again.add(e.payload()));
        assertThat(again).containsExactly(new Tick(2), new Tick(3), new Tick(4));
    }

    @Test
    void aGapInTheLogStopsTheSubscriptionInsteadOfSkipping() {
        MemoryStorageEngine gappy = new MemoryStorageEngine() {
            @Override
            public synchronized List<StoredRecord> readAll(long fromPosition, int maxCount) {
                return super.readAll(fromPosition, maxCount).stream().filter(r -> r.position() != 3).toList();
            }
        };
        DefaultEventStore s = new DefaultEventStore(gappy, new EventSerializer(new EventTypes()));
        s.append("x", ANY, List.of(new Tick(1), new Tick(2), new Tick(3), new Tick(4)));
        DefaultCatchUpSubscriptions subs = new DefaultCatchUpSubscriptions(s, gappy.checkpoints(), 10);

        assertThatThrownBy(() -> subs.catchUp("p", e -> { }))
                .isInstanceOf(EventStoreException.class).hasMessageContaining("ALLFRAME-0601").hasMessageContaining("expected position 3");
        assertThat(subs.checkpoint("p")).isEqualTo(2);
    }

    @Event(value = "Renamed", version = 2)
    public record Renamed(String name, String by) {
    }

    @Test
    void anEventTheApplicationCannotReadStopsTheSubscriptionRightBeforeItWithAnErrorNamingIt() {
        ticks(0, 2);
        engine.append("r", ANY, List.of(new SerializedEvent(EventIds.next(), "Renamed", 1, "", "{\"name\":\"old\"}")));
        ticks(2, 4);
        EventTypes types = new EventTypes();
        types.register(Renamed.class);
        types.register(Tick.class);
        DefaultCatchUpSubscriptions withoutUpcaster = new DefaultCatchUpSubscriptions(
                new DefaultEventStore(engine, new EventSerializer(types)), engine.checkpoints(), 10);
        List<Object> handled = new ArrayList<>();

        for (int run = 0; run < 2; run++)
            assertThatThrownBy(() -> withoutUpcaster.catchUp("p", e -> handled.add(e.payload())))
                    .isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("ALLFRAME-0602").hasMessageContaining("'p'").hasMessageContaining("before position 3")
                    .hasCauseInstanceOf(UnknownEventTypeException.class).hasMessageContaining("'Renamed' v1");
        assertThat(handled).containsExactly(new Tick(0), new Tick(1));
        assertThat(subscriptions.checkpoint("p")).isEqualTo(2);

        Upcasters v1ToV2 = new Upcasters(List.of(new Upcasters.Step("Renamed", 1,
                old -> Json.createObjectBuilder(old).add("by", "upcaster").build())));
        new DefaultCatchUpSubscriptions(new DefaultEventStore(engine, new EventSerializer(types, v1ToV2)), engine.checkpoints(), 10)
                .catchUp("p", e -> handled.add(e.payload()));
        assertThat(handled).containsExactly(new Tick(0), new Tick(1), new Renamed("old", "upcaster"), new Tick(2), new Tick(3));
    }

    @Test
    @Timeout(120)
    void onTheRelationalBackendACatchUpRacingEightWritersNeverSkipsAPosition() throws Exception {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + Path.of("target", "h2-catchup", UUID.randomUUID().toString())
                .toAbsolutePath(), "sa", "");
        try {
            JdbcStorageEngine h2 = new JdbcStorageEngine(pool, Optional.empty()).createSchema();
            DefaultEventStore s = new DefaultEventStore(h2, new EventSerializer(new EventTypes()));
            DefaultCatchUpSubscriptions subs = new DefaultCatchUpSubscriptions(s, h2.checkpoints(), 16);
            int writers = 8, appends = 30, total = writers * appends * 2;
            ExecutorService pool8 = Executors.newFixedThreadPool(writers);
            List<Long> handled = new ArrayList<>();
            try {
                List<Future<?>> ws = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String stream = "w" + w;
                    ws.add(pool8.submit(() -> {
                        for (int i = 0; i < appends; i++) s.append(stream, ANY, List.of(new Tick(i), new Tick(i)));
                        return null;
                    }));
                }
                while (handled.size() < total) {
                    subs.catchUp("racer", (EventEnvelope<?> e) -> handled.add(e.position()));
                    if (ws.stream().allMatch(Future::isDone) && subs.checkpoint("racer") == s.lastPosition()) break;
                }
                for (Future<?> f : ws) f.get(60, TimeUnit.SECONDS);
                subs.catchUp("racer", (EventEnvelope<?> e) -> handled.add(e.position()));
            } finally {
                pool8.shutdownNow();
            }
            assertThat(handled).containsExactlyElementsOf(IntStream.rangeClosed(1, total).mapToObj(i -> (long) i).toList());
            assertThat(subs.checkpoint("racer")).isEqualTo(total);
        } finally {
            pool.dispose();
        }
    }
}
