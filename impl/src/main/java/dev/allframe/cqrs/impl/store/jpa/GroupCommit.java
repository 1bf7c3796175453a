package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.spi.SerializedEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit for appends outside JTA transactions: concurrent callers queue their appends; a
 * caller that becomes a leader writes a batch of them in one database transaction, so a batch pays
 * one commit (one WAL flush, one turn at the position counter) instead of one per append. Appends
 * keep their own outcome: a conflicting one fails alone (see {@link JdbcStorageEngine#commitBatch}).
 * <p>
 * Up to {@code leaders} batches may be in flight at once, each on its own connection (the engine
 * uses one, see there); positions stay gap-free and commit-ordered either way, since the counter
 * row orders the batches' transactions like any others. A batch never takes an append to a stream
 * that another batch in flight (or itself) writes; that append waits for the next batch. A leader
 * waits briefly for the callers of the last batches to queue again before it takes a batch
 * ({@link #gatherAndTakeBatch}).
 * <p>
 * Nobody polls: a follower parks until its append is done or it is asked to lead. A leader writes
 * batches until its own append is done (or is in another leader's batch), then asks the oldest
 * queued append's caller to lead (if any is queued) and returns. A caller that queues while a leader
 * slot is free leads itself; one that queues while a leader is leaving is seen by that leader's
 * check of the queue after it gave its slot up.
 */
final class GroupCommit {
    /** One queued append, its caller and where its outcome goes. */
    static final class Request {
        final String stream;
        final long expectedVersion;
        final List<SerializedEvent> events;
        private final Thread caller = Thread.currentThread();
        private volatile AppendResult result;
        private volatile Throwable failure;
        volatile boolean done;
        volatile boolean lead;

        Request(String stream, long expectedVersion, List<SerializedEvent> events) {
            this.stream = stream;
            this.expectedVersion = expectedVersion;
            this.events = events;
        }

        String stream() {
            return stream;
        }

        long expectedVersion() {
            return expectedVersion;
        }

        List<SerializedEvent> events() {
            return events;
        }

        boolean isDone() {
            return done;
        }

        void complete(AppendResult r) {
            if (done) return;
            result = r;
            done = true;
            LockSupport.unpark(caller);
        }

        void fail(Throwable t) {
            if (done) return;
            failure = t;
            done = true;
            LockSupport.unpark(caller);
        }

        void askToLead() {
            lead = true;
            LockSupport.unpark(caller);
        }

        AppendResult outcome() {
            if (failure instanceof RuntimeException r) throw r;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
            return result;
        }
    }

    static final int MAX_BATCH = 64;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();   // guarded by itself, like the two below
    private final Set<String> inFlight = new HashSet<>();
    private int leading;
    private Thread gatherer;
    private int gatherFor;
    private volatile int gatherTarget = 1;
    static final long GATHER_NANOS = 200_000;
    private final int leaders;
    private final JdbcStorageEngine engine;
    final LongAdder batches = new LongAdder();
    final LongAdder batched = new LongAdder();

    /** @param leaders how many batches may be in flight at once (at least 1) */
    GroupCommit(JdbcStorageEngine engine, int leaders) {
        this.engine = engine;
        this.leaders = Math.max(1, leaders);
    }

    AppendResult append(String stream, long expectedVersion, List<SerializedEvent> events) {
        Request mine = new Request(stream, expectedVersion, events);
        Thread wake = null;
        synchronized (queue) {
            queue.add(mine);
            if (gatherer != null && queue.size() >= gatherFor) wake = gatherer;
        }
        if (wake != null) LockSupport.unpark(wake);
        while (!mine.isDone()) {
            if (takeLeaderSlot()) {
                try {
                    List<Request> batch;
                    while (!mine.isDone() && !(batch = gatherAndTakeBatch()).isEmpty()) {
                        batches.increment();
                        batched.add(batch.size());
                        try {
                            engine.commitBatch(batch);
                        } catch (RuntimeException | Error e) {
                            // commitBatch completes every request; this only guards against a bug leaving followers waiting
                            for (Request r : batch) r.fail(e);
                            throw e;
                        } finally {
                            synchronized (queue) {
                                for (Request r : batch) inFlight.remove(r.stream);
                            }
                        }
                    }
                } finally {
                    // whoever queued while we led waits for a leader: hand over to the oldest
                    Request next;
                    synchronized (queue) {
                        leading--;
                        next = queue.peek();
                    }
                    if (next != null && next != mine) next.askToLead();
                }
            }
            if (!mine.isDone()) await(mine);
        }
        return mine.outcome();
    }

    /**
     * Parks until the append is done or its caller is asked to lead. An interrupted caller whose
     * append is still queued takes it out (nothing is written) and gets an exception; one whose
     * append is in a batch already waits for its outcome and keeps its interrupt status.
     */
    private void await(Request mine) {
        boolean interrupted = false;
        try {
            while (!mine.done && !mine.lead) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                    Request next;
                    synchronized (queue) {
                        if (!queue.remove(mine)) continue;
                        next = queue.peek();
                    }
                    if (next != null) next.askToLead();   // in case we were asked to lead: pass it on
                    throw new EventStoreException("ALLFRAME-0308 interrupted while waiting for a group commit; the append to '"
                            + mine.stream + "' was not written");
                }
            }
            mine.lead = false;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private boolean takeLeaderSlot() {
        synchronized (queue) {
            if (leading >= leaders) return false;
            leading++;
            return true;
        }
    }

    /**
     * Like a database's commit delay: if fewer appends are queued than the last batches held, waits
     * up to {@link #GATHER_NANOS} for the callers of those batches to queue their next appends (they
     * are on their way back: woken, building their next append), then takes the batch. The number
     * waited for falls by one a batch, so fewer callers soon wait no more; a lone caller never waits.
     */
    private List<Request> gatherAndTakeBatch() {
        int want = Math.min(gatherTarget, MAX_BATCH);
        if (want > 1) {
            long deadline = System.nanoTime() + GATHER_NANOS;
            synchronized (queue) {
                if (queue.size() < want) {
                    gatherer = Thread.currentThread();
                    gatherFor = want;
                }
            }
            try {
                for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                    synchronized (queue) {
                        if (queue.size() >= want) break;
                    }
                    LockSupport.parkNanos(this, left);
                }
            } finally {
                synchronized (queue) {
                    gatherer = null;
                }
            }
        }
        List<Request> batch = takeBatch();
        gatherTarget = Math.max(batch.size(), gatherTarget - 1);
        return batch;
    }

    /** The oldest queued appends (at most {@link #MAX_BATCH}) to streams no batch in flight writes, one per stream. */
    private List<Request> takeBatch() {
        List<Request> batch = new ArrayList<>();
        synchronized (queue) {
            for (Iterator<Request> it = queue.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
                Request r = it.next();
                if (inFlight.add(r.stream)) {
                    it.remove();
                    batch.add(r);
                }
            }
        }
        return batch;
    }
}
