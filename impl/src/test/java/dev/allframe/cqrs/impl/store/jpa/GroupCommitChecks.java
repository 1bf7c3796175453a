package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;
import dev.allframe.cqrs.impl.store.EventIds;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks of group commit shared by the H2 and PostgreSQL tests: many writers, every position once. */
final class GroupCommitChecks {
    private GroupCommitChecks() {
    }

    /**
     * {@code writers} threads each append {@code appends} times to a stream of their own with the
     * exact expected version, so batches form: every append succeeds with the next version, and
     * the positions handed out are 1..n, each once, in the order of the global log.
     */
    static void manyWritersGetEveryPositionOnce(EventStorageEngine engine, int writers, int appends) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<AppendResult>>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String stream = "writer-" + w;
                Callable<List<AppendResult>> task = () -> {
                    List<AppendResult> results = new ArrayList<>();
                    for (int i = 0; i < appends; i++) {
                        int n = 1 + i % 2;
                        results.add(engine.append(stream, i == 0 ? ExpectedVersion.NO_STREAM : lastVersion(results), events(n)));
                    }
                    return results;
                };
                futures.add(pool.submit(task));
            }
            List<Long> positions = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                List<AppendResult> results = futures.get(w).get(2, TimeUnit.MINUTES);
                long version = 0;
                for (AppendResult r : results) {
                    assertThat(r.firstVersion()).isEqualTo(version + 1);
                    version = r.lastVersion();
                    LongStream.rangeClosed(r.firstPosition(), r.lastPosition()).forEach(positions::add);
                }
                assertThat(engine.version("writer-" + w)).isEqualTo(version);
            }
            long total = positions.size();
            assertThat(positions).doesNotHaveDuplicates().allMatch(p -> p >= 1 && p <= total);
            assertThat(engine.lastPosition()).isEqualTo(total);
            assertThat(engine.readAll(1, (int) total + 10)).extracting(StoredRecord::position)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long lastVersion(List<AppendResult> results) {
        return results.get(results.size() - 1).lastVersion();
    }

    private static List<SerializedEvent> events(int n) {
        List<SerializedEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) events.add(new SerializedEvent(EventIds.next(), "Counted", 1, "", "{\"n\":" + i + "}"));
        return events;
    }
}
