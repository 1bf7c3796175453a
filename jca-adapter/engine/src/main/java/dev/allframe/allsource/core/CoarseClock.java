package dev.allframe.allsource.core;

import java.util.concurrent.locks.LockSupport;

/**
 * Wall-clock time in epoch milliseconds (and microseconds with millisecond resolution), read from a
 * field that a daemon thread refreshes every millisecond. Reading the system clock costs ~25 ns here,
 * half the budget of an in-memory append; this costs one memory read. Engine-internal (public only
 * for {@link dev.allframe.allsource.EventIds}).
 * <p>
 * The value may lag the real clock by the refresh interval plus scheduling delays (typically &lt; 2 ms),
 * and never goes backwards. The thread runs only while the clock is used: after about a second
 * without a reader it ends, and the next reader starts it again (reading the system clock itself then),
 * so an idle server or an undeployed application keeps no thread of ours; it has no context class loader.
 */
public final class CoarseClock {
    /** Ticks without a reader before the thread ends. */
    private static final int IDLE_TICKS = 1_000;
    private static volatile long nowMillis = System.currentTimeMillis();
    /** Whether the thread is ticking; changed under the class lock. */
    private static volatile boolean running;
    /** Set by readers (once per tick at most, so the field is not written on every read), cleared by the thread. */
    private static volatile boolean used;

    private CoarseClock() {
    }

    /** Epoch milliseconds, at most a few milliseconds behind the system clock. */
    public static long nowMillis() {
        if (!used) used = true;
        if (!running) start();
        return nowMillis;
    }

    /** Epoch microseconds with millisecond resolution (see {@link #nowMillis()}). */
    public static long nowMicros() {
        return nowMillis() * 1000;
    }

    private static synchronized void start() {
        if (running) return;
        tickOnce();
        running = true;
        Thread t = new Thread(CoarseClock::tick, "allsource-clock");
        t.setDaemon(true);
        t.setContextClassLoader(null);
        t.start();
    }

    private static void tickOnce() {
        long now = System.currentTimeMillis();
        if (now > nowMillis) nowMillis = now;
    }

    private static void tick() {
        int idle = 0;
        while (true) {
            tickOnce();
            if (used) {
                used = false;
                idle = 0;
            } else if (++idle >= IDLE_TICKS && stopIfIdle()) {
                return;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static synchronized boolean stopIfIdle() {
        if (used) return false;
        running = false; // a reader racing with this saw a value at most one tick old; the next one restarts us
        return true;
    }
}
