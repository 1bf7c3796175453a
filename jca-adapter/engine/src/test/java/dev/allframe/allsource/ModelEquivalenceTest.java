package dev.allframe.allsource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random operation sequences (conditional and multi-stream appends, idempotent repeats, 2PC,
 * snapshots, reopen) give the same results and the same reads on the durable store (recovering
 * from its log on every reopen) as on the in-memory store.
 */
class ModelEquivalenceTest {
    @TempDir Path dir;

    @Test
    void durableStoreBehavesLikeTheMemoryStoreAcrossReopens() {
        for (int seed = 1; seed <= 6; seed++) run(new Random(seed), dir.resolve("seed-" + seed));
    }

    private void run(Random rnd, Path path) {
        AllSourceOptions options = Events.options(path).segmentSize(4096 * 2).build();
        AllSource memory = AllSource.inMemory();
        AllSource durable = AllSource.open(options);
        List<List<AppendRequest>> history = new ArrayList<>();
        List<String> open = new ArrayList<>();
        int txNo = 0;
        try {
            for (int step = 0; step < 300; step++) {
                int op = rnd.nextInt(100);
                if (op < 3) {
                    durable.close();
                    durable = AllSource.open(options);
                } else if (op < 10 && !history.isEmpty()) {
                    List<AppendRequest> again = history.get(rnd.nextInt(history.size()));
                    AllSource d = durable;
                    assertSame(() -> memory.append(again), () -> d.append(again));
                } else if (op < 16) {
                    String tx = "tx-" + txNo++;
                    List<AppendRequest> reqs = requests(rnd);
                    AllSource d = durable;
                    boolean ok = assertSame(() -> { memory.prepare(tx, reqs); return null; }, () -> { d.prepare(tx, reqs); return null; });
                    if (ok) open.add(tx);
                } else if (op < 22 && !open.isEmpty()) {
                    String tx = open.remove(rnd.nextInt(open.size()));
                    AllSource d = durable;
                    if (rnd.nextBoolean()) assertSame(() -> memory.commitPrepared(tx), () -> d.commitPrepared(tx));
                    else assertSame(() -> { memory.rollbackPrepared(tx); return null; }, () -> { d.rollbackPrepared(tx); return null; });
                } else if (op < 26) {
                    String stream = "s" + rnd.nextInt(6);
                    long v = memory.streamVersion(stream);
                    byte[] state = ("state" + step).getBytes();
                    AllSource d = durable;
                    if (v > 0) assertSame(() -> { memory.saveSnapshot(stream, v, state); return null; }, () -> { d.saveSnapshot(stream, v, state); return null; });
                } else {
                    List<AppendRequest> reqs = requests(rnd);
                    AllSource d = durable;
                    if (assertSame(() -> memory.append(reqs), () -> d.append(reqs))) history.add(reqs);
                }
                assertThat(durable.inDoubt()).containsExactlyInAnyOrderElementsOf(memory.inDoubt());
            }
            assertThat(memory.lastPosition()).as("the sequence did append").isGreaterThan(50);
            assertThat(txNo).isGreaterThan(5);
            durable.close();
            durable = AllSource.open(options);
            assertThat(ids(durable.readAll(1, Integer.MAX_VALUE))).isEqualTo(ids(memory.readAll(1, Integer.MAX_VALUE)));
            for (int s = 0; s < 6; s++) {
                String stream = "s" + s;
                assertThat(ids(durable.readStream(stream))).isEqualTo(ids(memory.readStream(stream)));
                assertThat(ids(durable.readStream(stream, Long.MAX_VALUE, 3, true))).isEqualTo(ids(memory.readStream(stream, Long.MAX_VALUE, 3, true)));
                assertThat(ids(durable.readStream(stream, 2, 2, false))).isEqualTo(ids(memory.readStream(stream, 2, 2, false)));
                assertThat(ids(durable.readStream(stream, 3, 5, true))).isEqualTo(ids(memory.readStream(stream, 3, 5, true)));
                assertThat(memory.readStream(stream, Long.MAX_VALUE, 5, false)).isEmpty();
                assertThat(durable.readStream(stream, Long.MAX_VALUE, 5, false)).isEmpty();
                assertThat(ids(durable.readStreamAsOfPosition(stream, 40))).isEqualTo(ids(memory.readStreamAsOfPosition(stream, 40)));
                assertThat(durable.loadSnapshot(stream).map(AllSource.Snapshot::version))
                        .isEqualTo(memory.loadSnapshot(stream).map(AllSource.Snapshot::version));
            }
            assertThat(ids(durable.readByType("Odd", 1, 1000))).isEqualTo(ids(memory.readByType("Odd", 1, 1000)));
            assertThat(durable.inDoubt()).containsExactlyInAnyOrderElementsOf(memory.inDoubt());
        } finally {
            durable.close();
            memory.close();
        }
    }

    private static List<UUID> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::id).toList();
    }

    private static List<AppendRequest> requests(Random rnd) {
        List<AppendRequest> out = new ArrayList<>();
        int n = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 3 : 1);
        for (int i = 0; i < n; i++) {
            String stream = "s" + rnd.nextInt(6);
            long expected = switch (rnd.nextInt(4)) {
                case 0 -> ExpectedVersion.ANY;
                case 1 -> ExpectedVersion.NO_STREAM;
                case 2 -> ExpectedVersion.EXISTS;
                default -> rnd.nextInt(8);
            };
            List<EventData> evs = new ArrayList<>();
            for (int e = rnd.nextInt(4); e > 0; e--)
                evs.add(new EventData(new UUID(rnd.nextLong(), rnd.nextLong()), rnd.nextBoolean() ? "Odd" : "Even", 1,
                        new byte[0], ("{\"r\":" + rnd.nextInt() + "}").getBytes()));
            out.add(new AppendRequest(stream, expected, evs));
        }
        return out;
    }

    private interface Call<T> {
        T call();
    }

    /** Both calls succeed with equal results, or both fail with the same exception class. */
    private static <T> boolean assertSame(Call<T> memory, Call<T> durable) {
        T m = null, d = null;
        RuntimeException me = null, de = null;
        try {
            m = memory.call();
        } catch (RuntimeException e) {
            me = e;
        }
        try {
            d = durable.call();
        } catch (RuntimeException e) {
            de = e;
        }
        if (me != null || de != null) {
            assertThat(de).as("durable outcome (memory threw %s)", me).isNotNull();
            assertThat(me).as("memory outcome (durable threw %s)", de).isNotNull();
            assertThat(de.getClass()).isEqualTo(me.getClass());
            return false;
        }
        assertThat(d).isEqualTo(m);
        return true;
    }
}
