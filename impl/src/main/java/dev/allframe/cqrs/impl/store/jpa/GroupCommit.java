package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.spi.SerializedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for appends outside JTA transactions: concurrent callers queue their appends; one
 * of them (the leader) writes a batch of them in one database transaction, so a batch pays one
 * commit (one WAL flush, one turn at the position counter) instead of one per append. Appends
 * keep their own outcome: a conflicting one fails alone (see {@link JdbcStorageEngine#commitBatch}).
 */
final class GroupCommit {
    /** One queued append and where its outcome goes. */
    record Request(String stream, long expectedVersion, List<SerializedEvent> events, CompletableFuture<AppendResult> outcome) {
    }

    private static final int MAX_BATCH = 64;
    private static final int MAX_EXTRA_BATCHES = 4;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    private final JdbcStorageEngine engine;

    GroupCommit(JdbcStorageEngine engine) {
        this.engine = engine;
    }

    AppendResult append(String stream, long expectedVersion, List<SerializedEvent> events) {
        Request mine = new Request(stream, expectedVersion, events, new CompletableFuture<>());
        queue.add(mine);
        while (true) {
            if (leader.tryLock()) {
                try {
                    // lead until our append is done and nobody waits (so no follower sleeps through a free
                    // slot), but hand over after a few extra batches so our caller's latency stays bounded
                    int extra = 0;
                    while (!mine.outcome().isDone() || (!queue.isEmpty() && extra++ < MAX_EXTRA_BATCHES)) {
                        List<Request> batch = new ArrayList<>();
                        for (Request r; batch.size() < MAX_BATCH && (r = queue.poll()) != null; ) batch.add(r);
                        if (batch.isEmpty()) break;
                        try {
                            engine.commitBatch(batch);
                        } catch (RuntimeException | Error e) {
                            // commitBatch completes every request; this only guards against a bug leaving followers waiting
                            for (Request r : batch) r.outcome().completeExceptionally(e);
                            throw e;
                        }
                    }
                } finally {
                    leader.unlock();
                }
            }
            try {
                // a follower waits for the leader; the timeout covers a leader that left just before we queued
                return mine.outcome().get(200, TimeUnit.MICROSECONDS);
            } catch (TimeoutException e) {
                // not done yet: try to lead
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.allframe.cqrs.EventStoreException("interrupted while waiting for a group commit of '" + stream + "'", e);
            }
        }
    }
}
