package dev.allframe.cqrs.impl.delivery;

import dev.allframe.cqrs.Event;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.JsonEvent;
import dev.allframe.cqrs.NewEvent;
import dev.allframe.cqrs.impl.schema.Upcasters;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.impl.store.EventSerializer;
import dev.allframe.cqrs.impl.store.EventTypes;
import dev.allframe.cqrs.impl.store.memory.MemoryStorageEngine;
import jakarta.json.Json;
import jakarta.transaction.Status;
import dev.allframe.cqrs.impl.FakeTransaction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.allframe.cqrs.ExpectedVersion.ANY;
import static dev.allframe.cqrs.ExpectedVersion.NO_STREAM;
import static org.assertj.core.api.Assertions.assertThat;

class CdiEventDeliveryTest {
    public record Pinged(String text) {
    }

    private final FakeTransaction tx = new FakeTransaction();
    private final List<EventEnvelope<?>> fired = new CopyOnWriteArrayList<>();
    private final DefaultEventStore store = new DefaultEventStore(new MemoryStorageEngine(), new EventSerializer(new EventTypes()),
            new CdiEventDelivery(Optional.of(tx), fired::add));

    @Test
    void insideATransactionEventsAreFiredOnlyAfterCommitWithTheirPositions() {
        tx.begin();
        store.append("s", NO_STREAM, List.of(new Pinged("a"), new Pinged("b")));
        store.append("t", NO_STREAM, new Pinged("c"));
        assertThat(fired).isEmpty();

        tx.complete(Status.STATUS_COMMITTED);

        assertThat(fired).extracting(e -> (Object) e.payload()).containsExactly(new Pinged("a"), new Pinged("b"), new Pinged("c"));
        assertThat(fired).extracting(EventEnvelope::position).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aRolledBackTransactionFiresNothing() {
        tx.begin();
        store.append("s", NO_STREAM, new Pinged("a"));

        tx.complete(Status.STATUS_ROLLEDBACK);

        assertThat(fired).isEmpty();
    }

    @Test
    void withoutATransactionEventsAreFiredRightAfterTheAppend() {
        store.append("s", NO_STREAM, new Pinged("now"));

        assertThat(fired).singleElement().satisfies(e -> {
            assertThat(e.payload()).isEqualTo(new Pinged("now"));
            assertThat(e.position()).isEqualTo(1);
        });
    }

    @Test
    void anIdempotentRetryIsNotFiredAgain() {
        NewEvent once = NewEvent.of(UUID.randomUUID(), new Pinged("once"));
        store.append("s", ANY, once);
        store.append("s", ANY, once);

        assertThat(fired).hasSize(1);
    }

    /** A store whose appends join the fake transaction (the engine's, not only the delivery's). */
    private DefaultEventStore transactional() {
        return new DefaultEventStore(new MemoryStorageEngine(Optional.of(tx)), new EventSerializer(new EventTypes()),
                new CdiEventDelivery(Optional.of(tx), fired::add));
    }

    @Test
    void anIdempotentRetryInsideATransactionIsNotFiredAgain() {
        DefaultEventStore store = transactional();
        NewEvent once = NewEvent.of(UUID.randomUUID(), new Pinged("once"));
        tx.begin();
        store.append("s", ANY, once);
        tx.complete(Status.STATUS_COMMITTED);
        tx.begin();
        store.append("s", ANY, once);
        tx.complete(Status.STATUS_COMMITTED);

        assertThat(fired).extracting(e -> (Object) e.payload()).containsExactly(new Pinged("once"));
    }

    @Test
    void anAppendInsideATransactionThatLandsLaterThanExpectedFiresItsOwnEventsOnceAndNoOthers() {
        DefaultEventStore store = transactional();
        store.append("s", NO_STREAM, new Pinged("first"));
        tx.begin();
        store.append("s", ANY, new Pinged("mine"));          // expects version 2
        FakeTransaction.Tx mine = tx.suspend();
        store.append("s", ANY, new Pinged("theirs"));        // takes version 2, fired at once
        tx.resume(mine);

        tx.complete(Status.STATUS_COMMITTED);                // mine lands at version 3

        assertThat(fired).extracting(e -> (Object) e.payload()).containsExactly(new Pinged("first"), new Pinged("theirs"), new Pinged("mine"));
        assertThat(fired).extracting(EventEnvelope::version).containsExactly(1L, 2L, 3L);
    }

    @Event(value = "Versioned", version = 2)
    public record Versioned(String text) {
    }

    @Test
    void anEventThatCannotBeReadDoesNotKeepTheOtherEventsOfItsAppendFromObservers() {
        EventTypes types = new EventTypes();
        types.register(Versioned.class);
        DefaultEventStore withV2 = new DefaultEventStore(new MemoryStorageEngine(), new EventSerializer(types),
                new CdiEventDelivery(Optional.empty(), fired::add));

        // v1 of a type whose class is v2 and which has no upcaster: unreadable here
        withV2.append("s", NO_STREAM, List.of(new JsonEvent("Versioned", 1, Json.createObjectBuilder().add("old", "x").build()),
                new Pinged("readable")));

        assertThat(fired).extracting(e -> (Object) e.payload()).containsExactly(new Pinged("readable"));
        assertThat(withV2.version("s")).isEqualTo(2);
    }

    @Test
    void anOldSchemaVersionAppendedAsJsonIsDeliveredUpcasted() {
        EventTypes types = new EventTypes();
        types.register(Versioned.class);
        Upcasters v1ToV2 = new Upcasters(List.of(new Upcasters.Step("Versioned", 1,
                old -> Json.createObjectBuilder().add("text", old.getString("old")).build())));
        DefaultEventStore upcasting = new DefaultEventStore(new MemoryStorageEngine(), new EventSerializer(types, v1ToV2),
                new CdiEventDelivery(Optional.empty(), fired::add));

        upcasting.append("s", NO_STREAM, new JsonEvent("Versioned", 1, Json.createObjectBuilder().add("old", "x").build()));

        assertThat(fired).singleElement().satisfies(e -> {
            assertThat(e.payload()).isEqualTo(new Versioned("x"));
            assertThat(e.schemaVersion()).isEqualTo(2);
        });
    }

    @Test
    void aFailingObserverDoesNotStopDeliveryOfTheOtherEvents() {
        List<Object> delivered = new ArrayList<>();
        DefaultEventStore failing = new DefaultEventStore(new MemoryStorageEngine(), new EventSerializer(new EventTypes()),
                new CdiEventDelivery(Optional.empty(), e -> {
                    if (((Pinged) e.payload()).text().equals("bad")) throw new IllegalStateException("observer failed");
                    delivered.add(e.payload());
                }));

        failing.append("s", NO_STREAM, List.of(new Pinged("bad"), new Pinged("good")));

        assertThat(delivered).containsExactly(new Pinged("good"));
        assertThat(failing.version("s")).isEqualTo(2);
    }
}
