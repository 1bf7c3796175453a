package dev.allframe.allsource.core;

import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.AppendResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/** One unit of work for the log writer, completed once its batch is durable (or failed). */
abstract sealed class Op<R> permits Op.Append, Op.Prepare, Op.Commit, Op.Rollback, Op.SaveSnapshot, Op.Flush {
    final CompletableFuture<R> future = new CompletableFuture<>();
    R result;
    RuntimeException error;
    /** The thread parked in {@link #await()}, or null for an asynchronous caller. */
    volatile Thread waiter;
    /** Set by the waiter once it stops yielding and parks: only then does completion pay for a wake-up. */
    volatile boolean parked;

    void complete() {
        if (error != null) future.completeExceptionally(error);
        else future.complete(result);
        Thread w = waiter;
        if (w != null && parked) LockSupport.unpark(w); // volatile pair with await(): no lost wake-up
    }

    /**
     * Marks the op as awaited by the calling thread; then its future never gets dependents, so
     * completing it runs no foreign code and the writer may do it itself.
     */
    Op<R> blocking() {
        waiter = Thread.currentThread();
        return this;
    }

    /** Parks until completed (for ops marked {@link #blocking()}); returns the result or throws its error. */
    R await() {
        return await(0);
    }

    /**
     * Waits until completed (for ops marked {@link #blocking()}), first yielding the processor for up to
     * {@code yieldNanos}, then parked; returns the result or throws its error. A waiter that is still
     * yielding when its batch is durable needs no wake-up: with dozens of blocking appenders on few
     * cores, waking them one by one (a futex call each, on the writer's path) limits throughput more
     * than the fsync does.
     */
    R await(long yieldNanos) {
        boolean interrupted = false;
        if (yieldNanos > 0 && !future.isDone()) {
            long deadline = System.nanoTime() + yieldNanos;
            do Thread.yield(); while (!future.isDone() && System.nanoTime() < deadline);
        }
        if (!future.isDone()) parked = true;
        while (!future.isDone()) {
            LockSupport.park(this);
            if (Thread.interrupted()) interrupted = true;
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (error != null) throw error;
        return result;
    }

    static final class Append extends Op<List<AppendResult>> {
        final List<AppendRequest> requests;

        Append(List<AppendRequest> requests) {
            this.requests = requests;
        }
    }

    static final class Prepare extends Op<Void> {
        final String txId;
        final List<AppendRequest> requests;

        Prepare(String txId, List<AppendRequest> requests) {
            this.txId = txId;
            this.requests = requests;
        }
    }

    static final class Commit extends Op<List<AppendResult>> {
        final String txId;

        Commit(String txId) {
            this.txId = txId;
        }
    }

    static final class Rollback extends Op<Void> {
        final String txId;

        Rollback(String txId) {
            this.txId = txId;
        }
    }

    static final class SaveSnapshot extends Op<Void> {
        final String stream;
        final long version;
        final byte[] state;
        /** Non-zero: save only while the stream's latest snapshot is still the record at this locator (carry-over). */
        final long onlyIfAt;

        SaveSnapshot(String stream, long version, byte[] state) {
            this(stream, version, state, 0);
        }

        SaveSnapshot(String stream, long version, byte[] state, long onlyIfAt) {
            this.stream = stream;
            this.version = version;
            this.state = state;
            this.onlyIfAt = onlyIfAt;
        }
    }

    /** Forces the log; with {@code stop} the writer ends after it (close). */
    static final class Flush extends Op<Void> {
        final boolean stop;

        Flush(boolean stop) {
            this.stop = stop;
        }
    }
}
