package dev.allframe.allsource;

import dev.allframe.allsource.core.AllSourceEngine;
import dev.allframe.allsource.testing.FaultyFileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.allframe.allsource.Events.events;
import static org.assertj.core.api.Assertions.assertThat;

class FsyncPolicyTest {
    @TempDir Path dir;
    final FaultyFileIO io = new FaultyFileIO();

    private List<CompletableFuture<List<AppendResult>>> appendMany(AllSource s, int n) {
        List<CompletableFuture<List<AppendResult>>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) fs.add(s.appendAsync(List.of(new AppendRequest("s", ExpectedVersion.ANY, events(1, "e" + i)))));
        return fs;
    }

    @Test
    void alwaysForcesBeforeAcknowledging() {
        try (AllSource s = AllSourceEngine.open(Events.options(dir).segmentSize(1 << 20).build(), io)) {
            long before = io.forces.get();
            s.append("s", ExpectedVersion.ANY, events(1, "a"));
            assertThat(io.forces.get()).isEqualTo(before + 1);
        }
    }

    @Test
    void intervalForcesLaterEvenWithoutFurtherAppends() {
        AllSourceOptions o = Events.options(dir).segmentSize(1 << 20).fsync(FsyncPolicy.INTERVAL)
                .fsyncInterval(Duration.ofMillis(50)).build();
        try (AllSource s = AllSourceEngine.open(o, io)) {
            s.append("s", ExpectedVersion.ANY, events(1, "warm"));
            long before = io.forces.get();
            CompletableFuture.allOf(appendMany(s, 200).toArray(CompletableFuture[]::new)).join();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> io.forces.get() > before);
            assertThat(io.forces.get()).as("a force within the interval").isGreaterThan(before).isLessThan(before + 50);
            assertThat(s.lastPosition()).isEqualTo(201);
        }
    }

    @Test
    void neverDoesNotForceButCloseDoes() {
        AllSourceOptions o = Events.options(dir).segmentSize(1 << 20).fsync(FsyncPolicy.NEVER).build();
        long atClose;
        try (AllSource s = AllSourceEngine.open(o, io)) {
            long before = io.forces.get();
            for (int i = 0; i < 50; i++) s.append("s", ExpectedVersion.ANY, events(1, "e" + i));
            assertThat(io.forces.get()).isEqualTo(before);
            atClose = io.forces.get();
        }
        assertThat(io.forces.get()).isGreaterThan(atClose);
        try (AllSource s = AllSource.open(o)) {
            assertThat(s.lastPosition()).isEqualTo(50);
        }
    }
}
