package dev.allframe.it.micro;

import dev.allframe.cqrs.Aggregate;
import dev.allframe.cqrs.AggregateLoader;
import dev.allframe.cqrs.CatchUpSubscriptions;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventSchema;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.SchemaRegistry;
import dev.allframe.cqrs.Snapshot;
import dev.allframe.cqrs.SnapshotStore;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.spi.SerializedEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CDI side of the event store on a real Payara Micro, on the relational (jpa) backend over an
 * H2 JTA data source: events observed with {@code @Observes(during = AFTER_SUCCESS)} after commit
 * and never on rollback, upcasters applied to old events written raw, the snapshot threshold.
 */
@ExtendWith(ArquillianExtension.class)
class EventStoreCdiIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("event-store-cdi-it",
                "allframe.store.backend=jpa\nallframe.jpa.datasource=java:app/jdbc/events\nallframe.snapshot.threshold=5\n",
                CdiEventsDataSource.class, PingSent.class, PingObserver.class, ItemRenamed.class, ItemRenamedV1.class, Tally.class);
    }

    @Inject
    EventStore store;

    @Inject
    EventStorageEngine engine;

    @Inject
    PingObserver observer;

    @Inject
    SchemaRegistry schemas;

    @Inject
    AggregateLoader aggregates;

    @Inject
    SnapshotStore snapshots;

    @Inject
    CatchUpSubscriptions subscriptions;

    @Resource
    UserTransaction tx;

    @Resource
    ManagedExecutorService executor;

    private static String stream(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private List<EventEnvelope<PingSent>> seenOn(String stream) {
        return observer.seen().stream().filter(e -> e.stream().equals(stream)).toList();
    }

    @Test
    void anAfterSuccessObserverGetsTheTypedEnvelopeOnlyOnceTheTransactionCommitted() throws Exception {
        String stream = stream("ping");
        tx.begin();
        store.append(stream, ExpectedVersion.NO_STREAM, List.of(new PingSent("a"), new PingSent("b")));
        assertEquals(List.of(), seenOn(stream), "nothing is delivered before commit");
        tx.commit();

        List<EventEnvelope<PingSent>> seen = seenOn(stream);
        assertEquals(List.of(new PingSent("a"), new PingSent("b")), seen.stream().map(EventEnvelope::payload).toList());
        assertTrue(seen.get(0).position() > 0, "delivered with its committed position");
        assertEquals(seen.get(0).position() + 1, seen.get(1).position());
        assertEquals(store.read(stream).get(1).position(), seen.get(1).position());
    }

    @Test
    void anAfterSuccessObserverIsNotCalledWhenTheTransactionRollsBack() throws Exception {
        String stream = stream("ping");
        tx.begin();
        store.append(stream, ExpectedVersion.NO_STREAM, new PingSent("never"));
        tx.rollback();
        store.append(stream("ping"), ExpectedVersion.NO_STREAM, new PingSent("later, elsewhere"));

        assertEquals(List.of(), seenOn(stream));
        assertEquals(0, store.version(stream));
    }

    @Test
    void anAppendOutsideATransactionIsDeliveredRightAway() {
        String stream = stream("ping");
        store.append(stream, ExpectedVersion.NO_STREAM, new PingSent("auto"));

        assertEquals(1, seenOn(stream).size());
    }

    @Test
    void concurrentTransactionsHaveOneWinnerPerStreamAndLeaveNoPositionGap() throws Exception {
        String contested = stream("race");
        long before = store.lastPosition();
        int winners = Racers.committed(executor, 16, writer -> {
            store.append(contested, ExpectedVersion.NO_STREAM, new PingSent("writer " + writer));
            store.append(stream("own"), ExpectedVersion.NO_STREAM, List.of(new PingSent("a"), new PingSent("b")));
        });

        assertEquals(1, winners, "exactly one transaction creates the contested stream");
        List<EventEnvelope<?>> all = store.readAll(before + 1, 1000);
        assertEquals(3, all.size(), "the winner's three events, nothing of the losers");
        for (int i = 0; i < all.size(); i++) assertEquals(before + 1 + i, all.get(i).position(), "gap-free positions");
    }

    @Test
    void anOldEventWrittenRawIsUpcastedOnEveryReadPath() {
        String stream = stream("item");
        engine.append(stream, ExpectedVersion.NO_STREAM,
                List.of(new SerializedEvent(UUID.randomUUID(), "ItemRenamed", 1, "", "{\"name\":\"old name\"}")));

        EventEnvelope<?> read = store.read(stream).get(0);
        assertEquals(new ItemRenamed("old name", "upcaster"), read.payload());
        assertEquals(2, read.schemaVersion());
        EventEnvelope<?> viaAll = store.readAll(read.position(), 1).get(0);
        assertEquals(new ItemRenamed("old name", "upcaster"), viaAll.payload());
        EventEnvelope<?> viaType = store.readByType("ItemRenamed", read.position(), 1).get(0);
        assertEquals(new ItemRenamed("old name", "upcaster"), viaType.payload());
        List<Object> caughtUp = new ArrayList<>();
        subscriptions.reset("it-upcast", read.position() - 1);
        subscriptions.catchUp("it-upcast", e -> caughtUp.add(e.payload()));
        assertEquals(new ItemRenamed("old name", "upcaster"), caughtUp.get(0));

        store.append(stream, 1, new ItemRenamed("new name", "it"));
        assertTrue(observer.renames().contains(new ItemRenamed("new name", "it")), "delivered to a plain @Observes too");
    }

    @Test
    void theSchemaRegistryListsEventClassesAndTheirUpcasters() {
        Optional<EventSchema> renamed = schemas.eventType("ItemRenamed");
        assertEquals(Optional.of(new EventSchema("ItemRenamed", 2, ItemRenamed.class.getName(), List.of(1))), renamed);
        assertTrue(schemas.eventTypes().stream().anyMatch(s -> s.type().equals("PingSent")), schemas.eventTypes().toString());
    }

    @Test
    void aSnapshotIsTakenOnceTheThresholdOfReplayedEventsIsReached() {
        String stream = stream("tally");
        for (int i = 0; i < 4; i++) store.append(stream, ExpectedVersion.ANY, new PingSent("p" + i));
        Aggregate<Tally> four = aggregates.load(stream, Tally.class, new Tally(0), (t, e) -> new Tally(t.count() + 1));
        assertEquals(new Aggregate<>(stream, 4, new Tally(4)), four);
        assertEquals(Optional.empty(), snapshots.load(stream, Tally.class), "4 events are below the threshold of 5");

        store.append(stream, ExpectedVersion.ANY, List.of(new PingSent("p4"), new PingSent("p5")));
        assertEquals(new Tally(6), aggregates.load(stream, Tally.class, new Tally(0), (t, e) -> new Tally(t.count() + 1)).state());
        Optional<Snapshot<Tally>> snap = snapshots.load(stream, Tally.class);
        assertEquals(Optional.of(new Snapshot<>(stream, 6, new Tally(6))), snap);

        store.append(stream, ExpectedVersion.ANY, new PingSent("p6"));
        Aggregate<Tally> seven = aggregates.load(stream, Tally.class, new Tally(100), (t, e) -> new Tally(t.count() + 1));
        assertEquals(new Aggregate<>(stream, 7, new Tally(7)), seven, "snapshot (6) + one event, the initial state is not used");
        assertEquals(6, snapshots.load(stream, Tally.class).orElseThrow().version(), "one replayed event does not snapshot again");
    }
}
