package dev.allframe.allsource.core;

import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.allsource.index.EventIndex;
import dev.allframe.allsource.wal.BatchEncoder;
import dev.allframe.allsource.wal.Segment;
import dev.allframe.allsource.wal.SegmentManager;
import dev.allframe.allsource.wal.WalFormat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log writer (group commit). Appenders enqueue {@link Op}s; the writer thread drains the queue,
 * sequences the whole batch (conditions, versions, positions), writes it with one {@code write} and,
 * under {@link FsyncPolicy#ALWAYS}, one {@code force}, then publishes it to readers and completes all
 * its futures. A failed write or force is never retried: the batch fails, the writer turns unhealthy
 * and refuses everything until the store is reopened.
 * <p>
 * <b>Caller runs.</b> A blocking op that finds the writer idle (nothing queued or in progress) is
 * run as a batch of its own by the calling thread, under the same lock the writer thread holds for
 * its batches: the same code, the same records, but no hand-over to the writer thread and back (two
 * thread wake-ups, tens of microseconds here). Under load the queue is never empty, so batches form
 * as before. Ops are still sequenced in submission order: an op is only run by its caller while no
 * earlier op is queued or in progress.
 */
final class LogWriter implements Runnable {
    private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());
    private static final int QUEUE_CAPACITY = 1 << 16;
    private static final int MAX_OPS = 8192;
    private static final int INLINE_WAKE_UPS = 4;
    /** A batch of this many ops means appenders are queueing up: the writer is saturated. */
    private static final int SATURATED_OPS = 8;
    private static final long SATURATED_FOR_NANOS = 5_000_000;

    private final OpQueue queue = new OpQueue(QUEUE_CAPACITY);
    private final ArrayDeque<Op<?>> carry = new ArrayDeque<>();
    private final List<Op<?>> ops = new ArrayList<>();
    private List<Op<?>> done = new ArrayList<>();
    private final Completer completer;
    private final Sequencer seq;
    private final EventIndex index;
    private final BatchEncoder enc;
    private final SegmentManager segments;
    private final FsyncPolicy policy;
    private final long intervalNanos;
    private final int maxBatchBytes;
    private final Consumer<Segment> onSealed;
    private final Segment[] sealed = new Segment[1];
    private volatile AllSourceException failure;
    private volatile boolean stopped;
    private volatile long lastForce = System.nanoTime();
    private volatile long batches, forces, bytes; // written under the lock only
    private volatile boolean dirty;
    /**
     * How long a blocking caller yields before it parks while at least {@link #YIELD_ABOVE_WAITERS}
     * others wait too: 300 µs by default (about two fsyncs here); system property
     * {@code dev.allframe.allsource.yieldMicros} changes it, 0 turns yielding off. With few waiters
     * the writer's wake-ups are cheap and yielding only adds latency, so they park at once.
     */
    static final long YIELD_NANOS = Long.getLong("dev.allframe.allsource.yieldMicros", 300) * 1000;
    static final int YIELD_ABOVE_WAITERS = 16;
    /** Blocking callers waiting for their op right now. */
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile long lastSaturated = System.nanoTime() - SATURATED_FOR_NANOS;
    /** Held while a batch is sequenced, written and published, by the writer thread or a caller. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Ops submitted to the queue and not yet run (queued, drained or carried over). */
    private final AtomicLong unfinished = new AtomicLong();
    /** False once the writer processed its stop (under the lock): callers may no longer run batches. */
    private boolean open = true;

    LogWriter(Sequencer seq, BatchEncoder enc, SegmentManager segments, FsyncPolicy policy, long intervalNanos,
              long segmentSize, Consumer<Segment> onSealed) {
        this.seq = seq;
        this.index = seq.index();
        this.enc = enc;
        this.segments = segments;
        this.policy = policy;
        this.intervalNanos = intervalNanos;
        this.maxBatchBytes = (int) Math.min(8L << 20, Math.max(1024, segmentSize / 2));
        this.onSealed = onSealed;
        this.completer = new Completer(segments.directory().toString());
    }

    /** Counters since open: batches written, forces, bytes written. */
    WriterMetrics metrics() {
        return new WriterMetrics(batches, forces, bytes);
    }

    /** Whether a batch of {@value #SATURATED_OPS} or more ops was written in the last 5 ms. */
    boolean saturated() {
        return System.nanoTime() - lastSaturated < SATURATED_FOR_NANOS;
    }

    boolean onCompleterThread() {
        return completer.isCurrentThread();
    }

    AllSourceException failure() {
        return failure;
    }

    /** Submits a {@link Op#blocking()} op and waits for its result (or throws its error). */
    <R> R call(Op<R> op) {
        submit(op);
        if (op.future.isDone()) return op.await(); // run by the caller, or refused at once
        int n = waiting.incrementAndGet();
        try {
            return op.await(n > YIELD_ABOVE_WAITERS ? YIELD_NANOS : 0);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Enqueues {@code op} (or runs it at once, see the class comment); it completes once durable (or fails). */
    <R> Op<R> submit(Op<R> op) {
        AllSourceException f = failure;
        if (f != null && !(op instanceof Op.Flush)) {
            op.error = f;
            op.complete();
            return op;
        }
        if (op.waiter == Thread.currentThread() && !(op instanceof Op.Flush) && runByCaller(op)) return op;
        unfinished.incrementAndGet();
        try {
            queue.put(op);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            op.error = new AllSourceException("ALLSOURCE-0503 interrupted while waiting for room in the append queue", e);
            unfinished.decrementAndGet();
            op.complete();
        }
        if (stopped) failRemaining(); // raced with close: the writer is gone, nobody else will complete it
        return op;
    }

    /** Runs a blocking op as its own batch in the calling thread if the writer is idle; false if it is not. */
    private boolean runByCaller(Op<?> op) {
        // INTERVAL: the writer thread times the periodic force, so it sees every batch; an interrupted
        // caller would close the file channel on its first I/O call (NIO), so it hands over as well
        if (policy == FsyncPolicy.INTERVAL || Thread.currentThread().isInterrupted()) return false;
        if (unfinished.get() != 0 || !lock.tryLock()) return false;
        try {
            if (!open || failure != null || unfinished.get() != 0) return false;
            ops.add(op);
            batch(); // a single small op: never carried over, completed inline
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        boolean stop = false;
        while (!stop) {
            Op<?> first;
            try {
                first = carry.isEmpty() ? nextOp() : null; // carry: touched by this thread only
                if (first == null && carry.isEmpty()) continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lock.lock();
                try {
                    fail(new AllSourceException("ALLSOURCE-0504 log writer interrupted"), List.of());
                } finally {
                    lock.unlock();
                }
                break;
            }
            lock.lock();
            try {
                ops.addAll(carry);
                carry.clear();
                if (first != null) ops.add(first);
                queue.drainTo(ops, MAX_OPS);
                int taken = ops.size();
                if (failure != null) {
                    for (Op<?> op : ops) {
                        op.error = failure;
                        op.complete();
                        if (op instanceof Op.Flush fl && fl.stop) stop = true;
                    }
                    ops.clear();
                } else {
                    stop = batch();
                }
                unfinished.addAndGet(-(taken - carry.size()));
                if (stop) open = false;
            } finally {
                lock.unlock();
            }
        }
        try {
            completer.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
        for (Op<?> op : carry) closedBeforeRun(op);
        carry.clear();
        failRemaining();
    }

    private void failRemaining() {
        List<Op<?>> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (Op<?> op : rest) closedBeforeRun(op);
    }

    private void closedBeforeRun(Op<?> op) {
        op.error = failure != null ? failure : new AllSourceException("ALLSOURCE-0505 store closed before the operation ran");
        op.complete();
    }

    /**
     * Waits (without the lock) for the next queued op; null if an interval force was due instead
     * (then done here).
     */
    private Op<?> nextOp() throws InterruptedException {
        if (policy == FsyncPolicy.INTERVAL && dirty) {
            long wait = intervalNanos - (System.nanoTime() - lastForce);
            Op<?> first = wait > 0 ? queue.poll(wait) : queue.pollNow();
            if (first == null) {
                lock.lock();
                try {
                    if (dirty) forceQuietly();
                } finally {
                    lock.unlock();
                }
            }
            return first;
        }
        return queue.take();
    }

    /** Sequences, writes, forces, publishes and completes one batch; true if the writer must stop. */
    private boolean batch() {
        enc.reset();
        long ts = index.nextTimestamp(nowMicros());
        boolean stop = false, flush = false;
        done.clear();
        int i = 0;
        for (; i < ops.size(); i++) {
            Op<?> op = ops.get(i);
            if (enc.size() >= maxBatchBytes && !done.isEmpty()) break;
            done.add(op);
            if (op instanceof Op.Flush fl) {
                flush = true;
                if (fl.stop) {
                    stop = true;
                    i++;
                    break;
                }
                continue;
            }
            if (!dispatch(op, ts)) return false;
        }
        for (; i < ops.size(); i++) carry.add(ops.get(i));
        ops.clear();
        long base = 0;
        if (enc.hasRecords()) {
            ByteBuffer b = enc.finish();
            try {
                Segment s = segments.forBatch(b.remaining(), sealed);
                long off = s.writeOffset(), first = lastPublished() + 1;
                int len = b.remaining();
                s.file().write(b, off);
                dirty = true;
                batches++;
                bytes += len;
                if (policy == FsyncPolicy.ALWAYS || flush || (policy == FsyncPolicy.INTERVAL && System.nanoTime() - lastForce >= intervalNanos)) force(s);
                s.writeOffset(off + len);
                if (index.writerPosition() >= first) {
                    s.noteEvent(first);
                    s.noteEvent(index.writerPosition());
                }
                base = WalFormat.locator(s.seq(), off);
            } catch (Exception e) {
                fail(new AllSourceException("ALLSOURCE-0501 writing the log failed (" + e + "); the batch is not "
                        + "acknowledged and the store refuses writes until it is reopened and recovered from the log", e), done);
                return stop;
            }
        } else if (flush && dirty) {
            try {
                Segment a = segments.active();
                if (a != null) force(a);
            } catch (Exception e) {
                fail(new AllSourceException("ALLSOURCE-0501 forcing the log failed (" + e + "); the store refuses "
                        + "writes until it is reopened and recovered from the log", e), done);
                return stop;
            }
        }
        seq.publish(base);
        if (done.size() >= SATURATED_OPS) lastSaturated = System.nanoTime();
        Segment s = sealed[0];
        sealed[0] = null;
        if (inline(done)) {
            for (int k = 0, n = done.size(); k < n; k++) done.get(k).complete();
            done.clear();
        } else if (allBlocking(done)) {
            // waiters still yielding (Op.await) are completed here: no wake-up needed, it costs ~nothing;
            // wake-ups of parked ones dominate with many appenders: the completer and the writer share them
            int parked = 0;
            for (int k = 0, n = done.size(); k < n; k++) {
                Op<?> op = done.get(k);
                if (op.parked) done.set(parked++, op);
                else op.complete(); // wakes it after all if it parked meanwhile
            }
            int half = parked <= INLINE_WAKE_UPS ? 0 : parked / 2;
            if (half > 0) completer.complete(new ArrayList<>(done.subList(0, half)));
            for (int k = half; k < parked; k++) done.get(k).complete();
            done.clear();
        } else {
            completer.complete(done);
            done = new ArrayList<>();
        }
        if (s != null) onSealed.accept(s);
        return stop;
    }

    private long lastPublished() {
        return index.published();
    }

    /**
     * Few blocking callers are woken by the writer itself (saves a thread hop); many, or any
     * asynchronous caller (whose callbacks must not run here), go through the completer.
     */
    private static boolean inline(List<Op<?>> ops) {
        return ops.size() <= INLINE_WAKE_UPS && allBlocking(ops);
    }

    private static boolean allBlocking(List<Op<?>> ops) {
        for (int i = 0, n = ops.size(); i < n; i++) if (ops.get(i).waiter == null) return false;
        return true;
    }

    /** Runs one op against the sequencer; false if the writer had to fail (unexpected error). */
    @SuppressWarnings("unchecked")
    private boolean dispatch(Op<?> op, long ts) {
        try {
            if (op instanceof Op.Append a) a.result = seq.append(a.requests, ts);
            else if (op instanceof Op.Prepare p) seq.prepare(p.txId, p.requests);
            else if (op instanceof Op.Commit c) c.result = seq.commit(c.txId, ts);
            else if (op instanceof Op.Rollback r) seq.rollback(r.txId);
            else if (op instanceof Op.SaveSnapshot sn) seq.snapshot(sn.stream, sn.version, sn.state, sn.onlyIfAt);
            return true;
        } catch (AllSourceException | IllegalArgumentException e) {
            op.error = e; // a refused operation: nothing of it was sequenced
            return true;
        } catch (RuntimeException e) {
            done.addAll(ops.subList(ops.indexOf(op) + 1, ops.size()));
            ops.clear();
            fail(new AllSourceException("ALLSOURCE-0506 internal error in the log writer (" + e + "); the store "
                    + "refuses writes until it is reopened", e), done);
            return false;
        }
    }

    private void force(Segment s) throws java.io.IOException {
        s.file().force(false);
        forces++;
        lastForce = System.nanoTime();
        dirty = false;
    }

    private void forceQuietly() {
        Segment a = segments.active();
        if (a == null) return;
        try {
            force(a);
        } catch (Exception e) {
            fail(new AllSourceException("ALLSOURCE-0501 periodic fsync failed (" + e + "); the store refuses writes "
                    + "until it is reopened and recovered from the log", e), List.of());
        }
    }

    private void fail(AllSourceException e, List<Op<?>> batch) {
        LOG.log(Level.SEVERE, e.getMessage(), e);
        failure = e;
        for (Op<?> op : batch) {
            op.error = e;
            op.complete();
        }
        done.clear();
    }

    static long nowMicros() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
}
