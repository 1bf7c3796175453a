package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.spi.SerializedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for appends outside JTA transactions: concurrent callers queue their appends; one
 * of them (the leader) writes a batch of them in one database transaction, so a batch pays one
 * commit (one WAL flush, one turn at the position counter) instead of one per append. Appends
 * keep their own outcome: a conflicting one fails alone (see {@link JdbcStorageEngine#commitBatch}).
 * <p>
 * Nobody polls: a follower parks until its append is done or it is asked to lead. A leader writes
 * batches until its own append is done, then asks the oldest queued append's caller to lead (if
 * any is queued) and returns. A caller that queues while nobody leads leads itself; one that
 * queues while a leader is leaving is seen by that leader's check of the queue after unlocking.
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
        private volatile boolean done;
        private volatile boolean lead;

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

        /** Parks until the append is done or this caller is asked to lead. */
        void await() {
            while (!done && !lead) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    if (!done && !lead) throw new EventStoreException("interrupted while waiting for a group commit of '" + stream + "'");
                }
            }
            lead = false;
        }

        AppendResult outcome() {
            if (failure instanceof RuntimeException r) throw r;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
            return result;
        }
    }

    static final int MAX_BATCH = 64;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    private final JdbcStorageEngine engine;
    final LongAdder batches = new LongAdder();
    final LongAdder batched = new LongAdder();

    GroupCommit(JdbcStorageEngine engine) {
        this.engine = engine;
    }

    AppendResult append(String stream, long expectedVersion, List<SerializedEvent> events) {
        Request mine = new Request(stream, expectedVersion, events);
        queue.add(mine);
        while (!mine.isDone()) {
            if (leader.tryLock()) {
                try {
                    while (!mine.isDone()) {
                        List<Request> batch = new ArrayList<>();
                        for (Request r; batch.size() < MAX_BATCH && (r = queue.poll()) != null; ) batch.add(r);
                        if (batch.isEmpty()) break;   // cannot happen: ours is queued until done
                        batches.increment();
                        batched.add(batch.size());
                        try {
                            engine.commitBatch(batch);
                        } catch (RuntimeException | Error e) {
                            // commitBatch completes every request; this only guards against a bug leaving followers waiting
                            for (Request r : batch) r.fail(e);
                            throw e;
                        }
                    }
                } finally {
                    leader.unlock();
                    // whoever queued while we led waits for a leader: hand over to the oldest
                    Request next = queue.peek();
                    if (next != null) next.askToLead();
                }
            } else {
                mine.await();
            }
        }
        return mine.outcome();
    }
}
