package dev.allframe.allsource.core;

import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * The log writer's inbox: many producers, one consumer, bounded. Unlike a {@code LinkedBlockingQueue}
 * it takes no lock: with dozens of blocking appenders on two cores, a contended put lock parks and
 * wakes producers, which costs as much CPU as the appends themselves. Producers wake the consumer only
 * when it is parked. Room is counted by a semaphore (a CAS while there is room; producers wait only
 * when the queue is full).
 */
final class OpQueue {
    private final ConcurrentLinkedQueue<Op<?>> items = new ConcurrentLinkedQueue<>();
    private final Semaphore room;
    private volatile Thread consumer;
    private volatile boolean consumerParked;

    OpQueue(int capacity) {
        room = new Semaphore(capacity);
    }

    /** Adds {@code op}, waiting while the queue is full. */
    void put(Op<?> op) throws InterruptedException {
        if (!room.tryAcquire()) room.acquire();
        items.add(op);
        if (consumerParked) LockSupport.unpark(consumer); // volatile write/read pair with take(): no lost wake-up
    }

    /** The next op, waiting for one (consumer thread only). */
    Op<?> take() throws InterruptedException {
        return poll(Long.MAX_VALUE);
    }

    /** The next op, waiting up to {@code nanos} for one (consumer thread only); null if none came. */
    Op<?> poll(long nanos) throws InterruptedException {
        Op<?> op = pollNow();
        if (op != null || nanos <= 0) return op;
        consumer = Thread.currentThread();
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        try {
            while (true) {
                consumerParked = true;
                op = pollNow(); // after announcing: a producer adding now sees the flag and unparks us
                if (op != null) return op;
                if (Thread.interrupted()) throw new InterruptedException();
                if (deadline == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return null;
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            consumerParked = false;
        }
    }

    /** The next op if there is one, else null (consumer thread, or anyone after the consumer ended). */
    Op<?> pollNow() {
        Op<?> op = items.poll();
        if (op != null) room.release();
        return op;
    }

    /** Moves up to {@code max} waiting ops into {@code to}; returns how many. */
    int drainTo(Collection<Op<?>> to, int max) {
        int n = 0;
        for (Op<?> op; n < max && (op = items.poll()) != null; n++) to.add(op);
        if (n > 0) room.release(n);
        return n;
    }

    /** Moves every waiting op into {@code to}. */
    int drainTo(Collection<Op<?>> to) {
        return drainTo(to, Integer.MAX_VALUE);
    }
}
