package dev.allframe.allsource;

import dev.allframe.allsource.core.AllSourceEngine;
import dev.allframe.allsource.testing.FaultyFileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.allframe.allsource.Events.events;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {
    @TempDir Path dir;

    @Test
    void sixteenThreadsRacingConditionalAppendsHaveExactlyOneWinnerPerRound() throws Exception {
        int threads = 16, rounds = 1000;
        AtomicInteger[] winners = new AtomicInteger[rounds];
        for (int i = 0; i < rounds; i++) winners[i] = new AtomicInteger();
        AtomicInteger losers = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (AllSource s = AllSource.open(Events.options(dir).fsync(FsyncPolicy.NEVER).segmentSize(1 << 20).build())) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        barrier.await(30, TimeUnit.SECONDS);
                        try {
                            s.append("race", r, events(1, "r" + r));
                            winners[r].incrementAndGet();
                        } catch (WrongExpectedVersionException e) {
                            assertThat(e.actual()).isGreaterThan(r);
                            losers.incrementAndGet();
                        }
                        barrier.await(30, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get(120, TimeUnit.SECONDS);
            for (int r = 0; r < rounds; r++) assertThat(winners[r].get()).as("winners of round " + r).isEqualTo(1);
            assertThat(losers.get()).isEqualTo(rounds * (threads - 1));
            assertThat(s.streamVersion("race")).isEqualTo(rounds);
            assertThat(s.lastPosition()).isEqualTo(rounds);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBlockingAppendAfterAnAsyncOneOfTheSameThreadIsSequencedAfterIt() {
        FaultyFileIO io = new FaultyFileIO();
        try (AllSource s = AllSourceEngine.open(Events.options(dir).segmentSize(1 << 20).build(), io)) {
            s.append("warm-up", ExpectedVersion.ANY, events(1, "w")); // idle writer: run by this thread
            io.forceGate = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<List<AppendResult>> first = s.appendAsync(List.of(new AppendRequest("s", ExpectedVersion.ANY, events(1, "a"))));
            CompletableFuture<AppendResult> second = CompletableFuture.supplyAsync(() -> s.append("s", ExpectedVersion.ANY, events(1, "b")));
            assertThat(first).as("held at the fsync").isNotDone();
            io.forceGate.countDown();
            io.forceGate = null;
            assertThat(first.join().get(0).firstVersion()).isEqualTo(1);
            assertThat(second.join().firstVersion()).as("queued behind the pending append, not run ahead of it").isEqualTo(2);
            AppendResult third = s.append("s", 2, events(1, "c"));
            assertThat(third.firstPosition()).isEqualTo(4);
            assertThat(s.readAll(1, 10)).extracting(StoredEvent::position).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void anInterruptedCallerHandsItsAppendToTheWriterAndTheStoreStaysHealthy() {
        try (AllSource s = AllSource.open(Events.options(dir).build())) {
            s.append("s", ExpectedVersion.NO_STREAM, events(1, "a"));
            Thread.currentThread().interrupt(); // its own I/O would close the log's file channel (NIO)
            try {
                assertThat(s.append("s", 1, events(1, "b")).firstVersion()).isEqualTo(2);
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(s.healthy()).isTrue();
            assertThat(s.append("s", 2, events(1, "c")).firstVersion()).isEqualTo(3);
        }
    }

    @Test
    void blockingAppendInsideACompletionCallbackFailsInsteadOfDeadlocking() {
        FaultyFileIO io = new FaultyFileIO();
        try (AllSource s = AllSourceEngine.open(Events.options(dir).segmentSize(1 << 20).build(), io)) {
            io.forceGate = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<List<AppendResult>> first = s.appendAsync(List.of(new AppendRequest("a", ExpectedVersion.ANY, events(1, "a"))));
            CompletableFuture<AppendResult> nested = first.thenApply(r -> s.append("b", ExpectedVersion.ANY, events(1, "b")));
            assertThat(first).as("held at the fsync").isNotDone();
            io.forceGate.countDown();
            io.forceGate = null;
            org.assertj.core.api.Assertions.assertThatThrownBy(nested::join).hasMessageContaining("ALLSOURCE-0510");
            CompletableFuture<List<AppendResult>> composed = s.appendAsync(List.of(new AppendRequest("a", ExpectedVersion.ANY, events(1, "a"))))
                    .thenCompose(r -> s.appendAsync(List.of(new AppendRequest("b", ExpectedVersion.ANY, events(1, "b")))));
            assertThat(composed.join().get(0).stream()).isEqualTo("b");
        }
    }

    @Test
    void asyncAppendsAreGroupCommittedAndReadersNeverSeeAGap() throws Exception {
        FaultyFileIO io = new FaultyFileIO();
        int perThread = 4000, threads = 2;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> readerProblem = new AtomicReference<>();
        try (AllSource s = AllSourceEngine.open(Events.options(dir).segmentSize(4 << 20).build(), io)) {
            Thread reader = new Thread(() -> {
                long last = 0;
                while (!done.get() && readerProblem.get() == null) {
                    long pub = s.lastPosition();
                    if (pub < last) readerProblem.set("lastPosition went back from " + last + " to " + pub);
                    List<StoredEvent> tail = s.readAll(Math.max(1, pub - 50), 100);
                    for (int i = 0; i < tail.size(); i++)
                        if (tail.get(i).position() != Math.max(1, pub - 50) + i) readerProblem.set("gap at " + tail.get(i).position());
                    last = pub;
                }
            });
            reader.start();
            List<Thread> writers = new ArrayList<>();
            List<CompletableFuture<List<AppendResult>>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; i < perThread; i++)
                        all.add(s.appendAsync(List.of(new AppendRequest("w" + tt + "-" + (i % 50), ExpectedVersion.ANY, events(1, "e")))));
                });
                w.start();
                writers.add(w);
            }
            for (Thread w : writers) w.join();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            done.set(true);
            reader.join();
            assertThat(readerProblem.get()).isNull();
            assertThat(s.lastPosition()).isEqualTo(threads * perThread);
            assertThat(all).extracting(f -> f.join().get(0).firstPosition()).doesNotHaveDuplicates();
            assertThat(io.forces.get()).as("fsyncs for %d appends", threads * perThread).isLessThan(threads * perThread / 5);
        }
    }

    /**
     * Forty blocking appenders with fsync ALWAYS: more waiters than {@code YIELD_ABOVE_WAITERS}, so some
     * yield and are completed without a wake-up, others park; every append must return exactly once,
     * with its own position, and none may be lost or left waiting.
     */
    @Test
    void fortyBlockingAppendersAllReturnWhetherTheyYieldedOrParked() throws Exception {
        int threads = 40, perThread = 150;
        FaultyFileIO io = new FaultyFileIO();
        try (AllSource s = AllSourceEngine.open(Events.options(dir).segmentSize(4 << 20).build(), io)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String stream = "b-" + t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> positions = new ArrayList<>();
                    for (int i = 0; i < perThread; i++)
                        positions.add(s.append(stream, i, events(1, stream)).firstPosition());
                    return positions;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : results) all.addAll(f.get(120, TimeUnit.SECONDS));
            pool.shutdown();
            assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates();
            assertThat(s.lastPosition()).isEqualTo(threads * perThread);
            for (int t = 0; t < threads; t++) assertThat(s.readStream("b-" + t)).hasSize(perThread);
            assertThat(io.forces.get()).as("fsyncs for %d appends", threads * perThread).isLessThan(threads * perThread / 2);
        }
    }
}
