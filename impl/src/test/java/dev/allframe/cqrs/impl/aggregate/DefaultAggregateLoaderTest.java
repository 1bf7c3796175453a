package dev.allframe.cqrs.impl.aggregate;

import dev.allframe.cqrs.Aggregate;
import dev.allframe.cqrs.Snapshot;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.impl.store.EventSerializer;
import dev.allframe.cqrs.impl.store.EventTypes;
import dev.allframe.cqrs.impl.store.memory.MemoryStorageEngine;
import dev.allframe.cqrs.spi.StoredSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import static dev.allframe.cqrs.ExpectedVersion.ANY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultAggregateLoaderTest {
    public record Added(int amount) {
    }

    public record Sum(long total, int events) {
    }

    private static final BiFunction<Sum, Object, Sum> APPLY = (s, e) -> new Sum(s.total() + ((Added) e).amount(), s.events() + 1);

    private final MemoryStorageEngine engine = new MemoryStorageEngine();
    private final EventTypes types = new EventTypes();
    private final DefaultEventStore store = new DefaultEventStore(engine, new EventSerializer(types));
    private final DefaultSnapshotStore snapshots = new DefaultSnapshotStore(engine.snapshots());
    private final DefaultAggregateLoader loader = new DefaultAggregateLoader(store, snapshots, 10, types);

    private void add(String stream, int n) {
        store.append(stream, ANY, IntStream.rangeClosed(1, n).mapToObj(Added::new).map(Object.class::cast).toList());
    }

    @Test
    void withoutEventsTheInitialStateAtVersionZeroIsLoaded() {
        assertThat(loader.load("none", Sum.class, new Sum(0, 0), APPLY)).isEqualTo(new Aggregate<>("none", 0, new Sum(0, 0)));
    }

    @Test
    void belowTheThresholdNoSnapshotIsTaken() {
        add("a", 9);

        assertThat(loader.load("a", Sum.class, new Sum(0, 0), APPLY)).isEqualTo(new Aggregate<>("a", 9, new Sum(45, 9)));
        assertThat(snapshots.load("a", Sum.class)).isEmpty();
    }

    @Test
    void atTheThresholdASnapshotIsTakenAndLaterLoadsStartFromIt() {
        add("a", 10);
        loader.load("a", Sum.class, new Sum(0, 0), APPLY);
        assertThat(snapshots.load("a", Sum.class)).contains(new Snapshot<>("a", 10, new Sum(55, 10)));

        add("a", 2);
        Aggregate<Sum> loaded = loader.load("a", Sum.class, new Sum(1000, 0), APPLY);

        assertThat(loaded).isEqualTo(new Aggregate<>("a", 12, new Sum(58, 12)));
        assertThat(snapshots.load("a", Sum.class)).get().extracting(Snapshot::version).isEqualTo(10L);
    }

    @Test
    void longStreamsAreReadInPagesAndSnapshotAtTheirEnd() {
        for (int i = 0; i < 3; i++) add("long", DefaultAggregateLoader.PAGE);

        Aggregate<Sum> loaded = loader.load("long", Sum.class, new Sum(0, 0), APPLY);

        assertThat(loaded.version()).isEqualTo(3L * DefaultAggregateLoader.PAGE);
        assertThat(loaded.state().events()).isEqualTo(3 * DefaultAggregateLoader.PAGE);
        assertThat(snapshots.load("long", Sum.class)).get().extracting(Snapshot::version).isEqualTo(3L * DefaultAggregateLoader.PAGE);
    }

    @Test
    void aSnapshotThatNoLongerReadsAsTheStateClassIsIgnored() {
        add("a", 3);
        engine.snapshots().save(new StoredSnapshot("a", 2, Sum.class.getName(), "[\"not an object\"]"));
        engine.snapshots().save(new StoredSnapshot("b", 2, "some.OtherState", "{}"));

        assertThat(loader.load("a", Sum.class, new Sum(0, 0), APPLY).state()).isEqualTo(new Sum(6, 3));
        assertThat(snapshots.load("b", Sum.class)).isEqualTo(Optional.empty());
    }

    @dev.allframe.cqrs.Event("Credited")
    public record Credited(long amount) {
    }

    /** A state whose event type is only known from its method signature. */
    public record Balance(long amount) {
        Balance on(Credited c) {
            return new Balance(amount + c.amount());
        }
    }

    @Test
    void eventsOfAStateClassReadBackTypedEvenIfNeverAppendedInThisProcess() {
        engine.append("b", ANY, List.of(new dev.allframe.cqrs.spi.SerializedEvent(java.util.UUID.randomUUID(), "Credited", 1, "", "{\"amount\":7}")));

        Aggregate<Balance> b = loader.load("b", Balance.class, new Balance(0), (s, e) -> s.on((Credited) e));

        assertThat(b.state()).isEqualTo(new Balance(7));
        assertThat(types.classOf("Credited")).contains(Credited.class);
    }

    @Test
    void aThresholdBelowOneIsRejected() {
        assertThatThrownBy(() -> new DefaultAggregateLoader(store, snapshots, 0, types)).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(loader.threshold())).containsExactly(10);
    }
}
