package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.impl.FakeTransaction;
import dev.allframe.cqrs.impl.store.memory.MemoryCheckpointStorage;
import dev.allframe.cqrs.impl.store.memory.MemoryStorageEngine;
import dev.allframe.cqrs.impl.subscription.DefaultCatchUpSubscriptions;
import jakarta.transaction.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.allframe.cqrs.ExpectedVersion.ANY;
import static org.assertj.core.api.Assertions.assertThat;

class CheckpointsAfterCommitTest {
    public record Tick(int n) {
    }

    private final FakeTransaction tx = new FakeTransaction();

    @Test
    void insideATransactionACheckpointIsSeenAtOnceAndStoredOnlyWhenItCommits() {
        MemoryCheckpointStorage stored = new MemoryCheckpointStorage();
        CheckpointsAfterCommit checkpoints = new CheckpointsAfterCommit(stored, Optional.of(tx));

        tx.begin();
        checkpoints.save("p", 7);
        assertThat(checkpoints.load("p")).isEqualTo(7);
        assertThat(stored.load("p")).isZero();
        tx.complete(Status.STATUS_COMMITTED);

        assertThat(stored.load("p")).isEqualTo(7);
        tx.begin();
        checkpoints.save("p", 9);
        tx.complete(Status.STATUS_ROLLEDBACK);
        assertThat(checkpoints.load("p")).isEqualTo(7);

        checkpoints.save("p", 11);
        assertThat(stored.load("p")).as("outside a transaction saves go straight through").isEqualTo(11);
    }

    @Test
    void aCatchUpWhoseTransactionRollsBackIsFedTheSameEventsAgain() {
        MemoryStorageEngine engine = new MemoryStorageEngine(Optional.of(tx));
        DefaultEventStore store = new DefaultEventStore(engine, new EventSerializer(new EventTypes()));
        DefaultCatchUpSubscriptions subscriptions = new DefaultCatchUpSubscriptions(store, engine.checkpoints(), 2);
        store.append("ticks", ANY, List.of(new Tick(1), new Tick(2), new Tick(3)));

        List<Object> first = new ArrayList<>();
        tx.begin();
        assertThat(subscriptions.catchUp("projection", e -> first.add(e.payload()))).isEqualTo(3);
        tx.complete(Status.STATUS_ROLLEDBACK);
        assertThat(subscriptions.checkpoint("projection")).isZero();

        List<Object> again = new ArrayList<>();
        tx.begin();
        subscriptions.catchUp("projection", e -> again.add(e.payload()));
        tx.complete(Status.STATUS_COMMITTED);

        assertThat(first).containsExactly(new Tick(1), new Tick(2), new Tick(3));
        assertThat(again).isEqualTo(first);
        assertThat(subscriptions.checkpoint("projection")).isEqualTo(3);
    }
}
