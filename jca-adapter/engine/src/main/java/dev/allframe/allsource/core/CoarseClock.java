package dev.allframe.allsource.core;

import java.util.concurrent.locks.LockSupport;

/**
 * Wall-clock time in epoch microseconds with millisecond resolution, read from a field that one
 * JVM-wide daemon thread refreshes every millisecond. Reading the system clock costs ~25 ns here,
 * half the budget of an in-memory append; this costs one memory read. The value may lag the real
 * clock by the refresh interval plus scheduling delays (typically &lt; 2 ms). Used by memory-mode stores.
 */
final class CoarseClock {
    private static volatile long nowMicros = System.currentTimeMillis() * 1000;

    static {
        Thread t = new Thread(CoarseClock::tick, "allsource-clock");
        t.setDaemon(true);
        t.start();
    }

    private CoarseClock() {
    }

    static long nowMicros() {
        return nowMicros;
    }

    private static void tick() {
        while (true) {
            nowMicros = System.currentTimeMillis() * 1000;
            LockSupport.parkNanos(1_000_000);
        }
    }
}
