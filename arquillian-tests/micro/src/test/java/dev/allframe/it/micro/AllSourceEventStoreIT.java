package dev.allframe.it.micro;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.CatchUpSubscriptions;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.NewEvent;
import dev.allframe.cqrs.WrongExpectedVersionException;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The injected EventStore on the AllSource backend, through the JCA adapter deployed as a
 * standalone RAR on a real Payara Micro: JTA commit, rollback, auto-commit, conflicts.
 */
@ExtendWith(ArquillianExtension.class)
class AllSourceEventStoreIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.war("allsource-store-it", "allframe.store.backend=allsource\n", Note.class, NoteObserver.class);
    }

    @Inject
    EventStore store;

    @Inject
    NoteObserver observer;

    @Inject
    CatchUpSubscriptions subscriptions;

    @Resource
    UserTransaction tx;

    @Resource
    ManagedExecutorService executor;

    private static String stream() {
        return "note-" + UUID.randomUUID();
    }

    @Test
    void eventsAppendedInACommittedTransactionAreReadBackWithGapFreePositions() throws Exception {
        String stream = stream();
        tx.begin();
        store.append(stream, ExpectedVersion.NO_STREAM, List.of(new Note("a"), new Note("b")));
        tx.commit();

        List<EventEnvelope<?>> events = store.read(stream);
        assertEquals(2, events.size());
        assertEquals(List.of(1L, 2L), events.stream().map(EventEnvelope::version).toList());
        assertEquals(new Note("a"), events.get(0).payload());
        assertInstanceOf(Note.class, events.get(1).payload());
        assertEquals("NoteTaken", events.get(0).type());
        assertTrue(events.get(0).position() > 0, "position assigned at commit");
        assertEquals(events.get(0).position() + 1, events.get(1).position(), "positions of one commit are consecutive");
    }

    @Test
    void aRolledBackTransactionLeavesNothingBehind() throws Exception {
        String stream = stream();
        long before = store.lastPosition();
        tx.begin();
        store.append(stream, ExpectedVersion.NO_STREAM, List.of(new Note("never")));
        assertEquals(1, store.version(stream), "the transaction sees its own pending append");
        tx.rollback();

        assertEquals(List.of(), store.read(stream));
        assertEquals(0, store.version(stream));
        store.append(stream, ExpectedVersion.NO_STREAM, new Note("after"));
        assertEquals(1, store.read(stream).size());
        assertTrue(store.lastPosition() > before);
        assertEquals(List.of("after"), notesSeenOn(stream), "the rolled back note never reached the AFTER_SUCCESS observer");
    }

    @Test
    void appendOutsideATransactionCommitsAtOnce() {
        String stream = stream();
        AppendResult r = store.append(stream, ExpectedVersion.NO_STREAM, new Note("auto"));
        assertEquals(1, r.firstVersion());
        assertTrue(r.firstPosition() > 0);
        assertEquals(r.firstPosition(), store.read(stream).get(0).position());
    }

    @Test
    void aStaleExpectedVersionIsRejectedWithStreamExpectedAndActual() {
        String stream = stream();
        store.append(stream, ExpectedVersion.NO_STREAM, List.of(new Note("1"), new Note("2")));
        WrongExpectedVersionException e = assertThrows(WrongExpectedVersionException.class,
                () -> store.append(stream, 1, new Note("stale")));
        assertEquals(stream, e.stream());
        assertEquals(1, e.expected());
        assertEquals(2, e.actual());
    }

    @Test
    void sixteenConcurrentTransactionsWithTheSameExpectedVersionHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            String stream = stream();
            int winners = Racers.committed(executor, 16,
                    writer -> store.append(stream, ExpectedVersion.NO_STREAM, new Note("writer " + writer)));
            assertEquals(1, winners, "round " + round + ": exactly one writer wins");
            assertEquals(1, store.read(stream).size());
        }
    }

    private List<String> notesSeenOn(String stream) {
        return observer.seenOn(stream).stream().map(e -> e.payload().text()).toList();
    }

    @Test
    void anIdempotentRetryIsNotDeliveredToObserversAgainInOrOutsideATransaction() throws Exception {
        String stream = stream();
        NewEvent once = NewEvent.of(UUID.randomUUID(), new Note("once"));
        tx.begin();
        store.append(stream, ExpectedVersion.NO_STREAM, once);
        tx.commit();
        store.append(stream, 1, new Note("next"));

        tx.begin();
        AppendResult inside = store.append(stream, ExpectedVersion.ANY, once);
        tx.commit();
        AppendResult outside = store.append(stream, ExpectedVersion.ANY, once);

        assertTrue(inside.alreadyStored(), inside.toString());
        assertEquals(1, inside.firstVersion(), "the original version, not the one it would get now");
        assertTrue(outside.alreadyStored(), outside.toString());
        assertEquals(List.of("once", "next"), notesSeenOn(stream));
        assertEquals(2, store.version(stream));
    }

    @Test
    void anAppendThatLandsLaterThanItExpectedIsDeliveredOnceAndNotTheEventThatTookItsPlace() throws Exception {
        String stream = stream();
        store.append(stream, ExpectedVersion.NO_STREAM, new Note("first"));
        tx.begin();
        assertEquals(2, store.append(stream, ExpectedVersion.ANY, new Note("mine")).firstVersion(), "expects version 2");
        executor.submit(() -> store.append(stream, ExpectedVersion.ANY, new Note("theirs"))).get(60, TimeUnit.SECONDS);
        tx.commit();

        assertEquals(List.of("first", "theirs", "mine"), notesSeenOn(stream));
        assertEquals(List.of(1L, 2L, 3L), observer.seenOn(stream).stream().map(EventEnvelope::version).toList());
    }

    @Test
    void aCheckpointSavedInsideATransactionIsStoredWhenItCommitsAndForgottenWhenItRollsBack() throws Exception {
        String subscription = "it-" + UUID.randomUUID();
        store.append(stream(), ExpectedVersion.NO_STREAM, List.of(new Note("a"), new Note("b")));
        long start = store.lastPosition() - 2;
        subscriptions.reset(subscription, start);   // the first save also writes the subscription's internal marker event
        long end = store.lastPosition();

        List<Object> rolledBack = new ArrayList<>();
        tx.begin();
        assertEquals(end, subscriptions.catchUp(subscription, e -> rolledBack.add(e.payload())));
        assertEquals(end, subscriptions.checkpoint(subscription), "the transaction sees its own checkpoint");
        tx.rollback();
        assertEquals(start, subscriptions.checkpoint(subscription));

        List<Object> committed = new ArrayList<>();
        tx.begin();
        subscriptions.catchUp(subscription, e -> committed.add(e.payload()));
        tx.commit();

        assertEquals(List.of(new Note("a"), new Note("b")), rolledBack);
        assertEquals(rolledBack, committed, "fed again after the rollback");
        assertEquals(end, subscriptions.checkpoint(subscription));
    }
}
