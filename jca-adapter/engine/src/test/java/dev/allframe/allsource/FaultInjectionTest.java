package dev.allframe.allsource;

import dev.allframe.allsource.core.AllSourceEngine;
import dev.allframe.allsource.testing.FaultyFileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.allframe.allsource.Events.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine fails closed on I/O faults and loses nothing it acknowledged. */
class FaultInjectionTest {
    @TempDir Path dir;
    final FaultyFileIO io = new FaultyFileIO();

    private AllSourceOptions options() {
        return Events.options(dir).segmentSize(64 * 1024).build();
    }

    private void failClosedThenRecover(AtomicBoolean fault, String expectedMessage) {
        List<AppendResult> acked = new ArrayList<>();
        try (AllSource s = AllSourceEngine.open(options(), io)) {
            for (int i = 0; i < 10; i++) acked.add(s.append("s", ExpectedVersion.ANY, events(2, "ok" + i)));
            fault.set(true);
            List<CompletableFuture<List<AppendResult>>> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++)
                batch.add(s.appendAsync(List.of(new AppendRequest("t", ExpectedVersion.ANY, events(1, "bad" + i)))));
            for (CompletableFuture<List<AppendResult>> f : batch)
                assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(AllSourceException.class).hasMessageContaining(expectedMessage);
            assertThat(s.healthy()).isFalse();
            fault.set(false);
            assertThatThrownBy(() -> s.append("s", ExpectedVersion.ANY, events(1, "after")))
                    .isInstanceOf(AllSourceException.class).hasMessageContaining("unhealthy").hasMessageContaining("reopen");
            assertThatThrownBy(() -> s.saveSnapshot("s", 1, new byte[1])).isInstanceOf(AllSourceException.class);
            assertThat(s.readStream("s")).as("reads keep working").hasSize(20);
        }
        try (AllSource s = AllSource.open(options())) {
            assertThat(s.healthy()).isTrue();
            List<StoredEvent> all = s.readAll(1, 1000);
            for (int i = 0; i < all.size(); i++) assertThat(all.get(i).position()).isEqualTo(i + 1L);
            for (AppendResult r : acked) {
                assertThat(s.readAll(r.firstPosition(), 2)).extracting(StoredEvent::stream).containsExactly("s", "s");
            }
            assertThat(s.readStream("s")).hasSize(20);
            s.append("s", 20, events(1, "new"));
        }
    }

    @Test
    void failedFsyncFailsTheBatchAndTheEngineStaysClosedForWrites() {
        failClosedThenRecover(io.failForce, "fsync");
    }

    @Test
    void fullDiskFailsTheBatchWithAClearErrorAndLosesNothingAcknowledged() {
        failClosedThenRecover(io.failWrite, "No space left on device");
    }

    @Test
    void readErrorIsReportedAndDoesNotCorruptAnything() {
        try (AllSource s = AllSourceEngine.open(options(), io)) {
            s.append("s", ExpectedVersion.ANY, events(5, "a"));
        }
        try (AllSource s = AllSourceEngine.open(options(), io)) {
            io.failRead.set(true);
            assertThatThrownBy(() -> s.readStream("s")).isInstanceOf(AllSourceException.class)
                    .hasMessageContaining("cannot read").hasMessageContaining("EIO");
            io.failRead.set(false);
            assertThat(s.readStream("s")).hasSize(5);
        }
        io.failRead.set(true);
        assertThatThrownBy(() -> AllSourceEngine.open(options(), io)).isInstanceOf(AllSourceException.class)
                .hasMessageContaining("EIO");
        io.failRead.set(false);
        try (AllSource s = AllSource.open(options())) {
            assertThat(s.readStream("s")).hasSize(5);
        }
    }
}
