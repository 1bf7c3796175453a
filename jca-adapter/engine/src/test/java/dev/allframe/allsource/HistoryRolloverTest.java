package dev.allframe.allsource;

import dev.allframe.allsource.parquet.ParquetHistory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryRolloverTest {
    @TempDir Path dir;

    private AllSourceOptions options() {
        return AllSourceOptions.builder(dir).segmentSize(8 * 1024).parquetRollover(true).keepSealedSegments(AllSourceOptions.KEEP_ALL).build();
    }

    private List<Path> historyFiles() throws IOException {
        Path h = dir.resolve("history");
        if (!Files.isDirectory(h)) return List.of();
        try (Stream<Path> s = Files.list(h)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    private List<Path> awaitHistory(int atLeast) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(this::historyFiles, files -> files.size() >= atLeast);
    }

    @Test
    void sealedSegmentsBecomeParquetFilesAndReadsSpanHistoryAndLiveLog() throws Exception {
        try (AllSource s = AllSource.open(options())) {
            for (int i = 0; i < 200; i++) s.append("s-" + (i % 5), ExpectedVersion.ANY, Events.events(1, "e" + i));
            List<Path> files = awaitHistory(2);
            assertThat(files).hasSizeGreaterThanOrEqualTo(2);
            List<StoredEvent> fromHistory = new ArrayList<>();
            for (Path f : files) {
                assertThat(f.getFileName().toString()).matches("\\d+-\\d+\\.parquet");
                fromHistory.addAll(ParquetHistory.read(f));
            }
            fromHistory.sort(Comparator.comparingLong(StoredEvent::position));
            assertThat(fromHistory.get(0).position()).isEqualTo(1);
            for (StoredEvent e : fromHistory) {
                StoredEvent live = s.readAll(e.position(), 1).get(0);
                assertThat(e.id()).isEqualTo(live.id());
                assertThat(Events.payload(e)).isEqualTo(Events.payload(live));
            }
            assertThat(s.readAll(1, 1000)).hasSize(200);
            assertThat(s.stats().parquetFiles()).isEqualTo(files.size());
        }
    }

    @Test
    void emptyOrUnreadableHistoryFilesAreReportedAtOpenAndRecreatedFromTheLog() throws Exception {
        List<Path> files;
        try (AllSource s = AllSource.open(options())) {
            for (int i = 0; i < 200; i++) s.append("s", ExpectedVersion.ANY, Events.events(1, "e" + i));
            files = awaitHistory(2);
        }
        Path broken = files.get(0), garbled = files.get(1);
        Files.write(broken, new byte[0]);
        Files.writeString(garbled, "not parquet");
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(dev.allframe.allsource.cli.Main.execute("verify", dir.toString())).isEqualTo(1);
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("DAMAGE " + broken).contains("DAMAGE " + garbled);
        try (AllSource s = AllSource.open(options())) {
            assertThat(s.lastPosition()).isEqualTo(200);
            Path q = dir.resolve("quarantine");
            assertThat(q.resolve(broken.getFileName() + ".bad")).exists().isEmptyFile();
            assertThat(q.resolve(garbled.getFileName() + ".bad")).hasContent("not parquet");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(broken) && Files.exists(garbled));
            assertThat(ParquetHistory.read(broken)).isNotEmpty();
            assertThat(ParquetHistory.read(garbled)).isNotEmpty();
        }
    }

    /** Closing does not wait for queued conversions: the next open converts every sealed segment without a file. */
    @Test
    void conversionsLeftAtCloseAreDoneAtTheNextOpen() throws Exception {
        int sealed;
        try (AllSource s = AllSource.open(options())) {
            for (int i = 0; i < 600; i++) s.append("s-" + (i % 7), ExpectedVersion.ANY, Events.events(1, "e" + i));
            sealed = s.stats().segments() - 1;
        }
        assertThat(sealed).isGreaterThanOrEqualTo(5);
        assertThat(historyFiles()).hasSizeLessThanOrEqualTo(sealed);
        try (AllSource s = AllSource.open(options())) {
            List<Path> files = awaitHistory(sealed);
            assertThat(files).hasSize(sealed);
            long rows = 0;
            for (Path f : files) rows += ParquetHistory.summary(f).rowCount();
            assertThat(rows).as("every event of the sealed segments is in the history").isLessThanOrEqualTo(600).isGreaterThan(0);
            assertThat(s.readAll(1, 1000)).hasSize(600);
        }
    }
}
