package dev.allframe.allsource;

import dev.allframe.allsource.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.allframe.allsource.Events.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryLockTest {
    @TempDir Path dir;

    private AllSourceOptions options() {
        return Events.options(dir).segmentSize(64 * 1024).build();
    }

    @Test
    void secondOpenInTheSameJvmFailsNamingTheDirectory() {
        try (AllSource s = AllSource.open(options())) {
            assertThatThrownBy(() -> AllSource.open(options())).isInstanceOf(AllSourceException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("already open in this JVM")
                    .hasMessageContaining("AllSourceRegistry");
            assertThat(s.healthy()).isTrue();
        }
        try (AllSource s = AllSource.open(options())) {
            assertThat(s.healthy()).as("the lock is released on close").isTrue();
        }
    }

    @Test
    void openWhileAnotherProcessHoldsTheDirectoryFailsNamingItsPid() throws Exception {
        try (ChildJvm child = new ChildJvm(LockHolderMain.class, dir.toString())) {
            String line = child.nextLine(20_000);
            assertThat(line).startsWith("READY");
            String pid = line.substring("READY ".length());
            assertThatThrownBy(() -> AllSource.open(options())).isInstanceOf(AllSourceException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("another process")
                    .hasMessageContaining("pid=" + pid);
            child.killAndDrain();
        }
        try (AllSource s = AllSource.open(options())) {
            assertThat(s.lastPosition()).isEqualTo(1);
        }
    }

    @Test
    void registrySharesOneEnginePerDirectoryWithReferenceCounting() {
        AllSource a = AllSourceRegistry.acquire(options());
        AllSource b = AllSourceRegistry.acquire(options());
        assertThat(AllSourceRegistry.references(dir)).isEqualTo(2);
        a.append("x", ExpectedVersion.NO_STREAM, events(1, "a"));
        assertThat(b.readStream("x")).hasSize(1);
        a.close();
        a.close();
        assertThat(AllSourceRegistry.references(dir)).isEqualTo(1);
        assertThatThrownBy(() -> a.append("x", 1, events(1, "b"))).hasMessageContaining("closed");
        b.append("x", 1, events(1, "b"));
        assertThatThrownBy(() -> AllSource.open(options())).hasMessageContaining("already open");
        b.close();
        assertThat(AllSourceRegistry.references(dir)).isZero();
        try (AllSource s = AllSource.open(options())) {
            assertThat(s.streamVersion("x")).isEqualTo(2);
        }
    }
}
