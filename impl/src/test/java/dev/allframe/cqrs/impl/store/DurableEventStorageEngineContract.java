package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.impl.subscription.DefaultCatchUpSubscriptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.allframe.cqrs.ExpectedVersion.ANY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a durable backend must do beyond {@link EventStorageEngineContract}: what it stored is
 * still there after the store is closed and opened again, subscription checkpoints included.
 */
public abstract class DurableEventStorageEngineContract extends EventStorageEngineContract {
    /** Closes the current engine and opens a new one over the same stored data. */
    protected abstract EventStorageEngine reopen() throws Exception;

    private void reopenStore() throws Exception {
        engine = reopen();
        store = new DefaultEventStore(engine, new EventSerializer(new EventTypes()));
    }

    @Test
    void checkpointsSurviveReopeningTheStore() throws Exception {
        store.append("c", ANY, List.of(new Opened("a", ""), new Opened("b", "")));
        engine.checkpoints().save("projection", 2);
        engine.checkpoints().save("other", 1);
        engine.checkpoints().save("other", 0);

        reopenStore();

        assertThat(engine.checkpoints().load("projection")).isEqualTo(2);
        assertThat(engine.checkpoints().load("other")).isZero();
        assertThat(engine.checkpoints().load("never saved")).isZero();
    }

    @Test
    void aCatchUpSubscriptionResumesAfterReopeningWithTheEventsItHadNotHandled() throws Exception {
        store.append("s", ANY, List.of(new Opened("1", ""), new Opened("2", ""), new Opened("3", "")));
        List<Object> before = new ArrayList<>();
        new DefaultCatchUpSubscriptions(store, engine.checkpoints(), 2).catchUp("projection", e -> before.add(e.payload()));
        assertThat(before).containsExactly(new Opened("1", ""), new Opened("2", ""), new Opened("3", ""));

        reopenStore();
        store.append("s", ANY, List.of(new Opened("4", ""), new Opened("5", "")));
        List<EventEnvelope<?>> after = new ArrayList<>();
        long checkpoint = new DefaultCatchUpSubscriptions(store, engine.checkpoints(), 2).catchUp("projection", after::add);

        assertThat(after).extracting(e -> (Object) e.payload()).containsExactly(new Opened("4", ""), new Opened("5", ""));
        assertThat(after).extracting(EventEnvelope::stream).containsOnly("s");
        assertThat(checkpoint).isEqualTo(store.lastPosition());
    }
}
