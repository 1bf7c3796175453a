package dev.allframe.allsource.parquet;

import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.StoredEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.allframe.allsource.parquet.HistoryEvents.T0;
import static dev.allframe.allsource.parquet.HistoryEvents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetHistoryTest {
    @TempDir Path dir;

    @Test
    void everyFieldSurvivesARoundTripIncludingUnicodeALargePayloadAndEmptyMetadata() {
        String bigText = "x".repeat(1024 * 1024);
        List<StoredEvent> events = List.of(
                new StoredEvent(UUID.randomUUID(), "Bestellung-ß-😀", 1, 1, T0, "Größe geändert ✓", 2,
                        new byte[0], json("{\"name\":\"Zoë 日本語 😀\"}")),
                new StoredEvent(UUID.randomUUID(), "big", 1, 2, T0 + 1, "Blob", 1,
                        json("{\"k\":1}"), json("{\"text\":\"" + bigText + "\"}")),
                new StoredEvent(new UUID(-1, -1), "edge", Long.MAX_VALUE, Long.MAX_VALUE, -5, "T", Integer.MAX_VALUE,
                        new byte[0], json("{}")));
        Path file = dir.resolve("h-1.parquet");

        ParquetHistory.write(file, events);

        HistoryEvents.assertSameEvents(ParquetHistory.read(file), events);
    }

    @Test
    void streamingReadYieldsTheSameEventsInFileOrder() {
        List<StoredEvent> events = HistoryEvents.sample(5_000);
        Path file = dir.resolve("h.parquet");
        ParquetHistory.write(file, events.iterator());

        List<StoredEvent> read = new ArrayList<>();
        try (CloseableIterator<StoredEvent> it = ParquetHistory.open(file)) {
            it.forEachRemaining(read::add);
        }

        HistoryEvents.assertSameEvents(read, events);
    }

    @Test
    void readEventsDoNotShareByteArrays() {
        Path file = dir.resolve("h.parquet");
        ParquetHistory.write(file, HistoryEvents.sample(3).stream().map(e -> new StoredEvent(e.id(), e.stream(),
                e.version(), e.position(), e.timestampMicros(), e.type(), 1, json("{}"), json("{}"))).toList());

        List<StoredEvent> read = ParquetHistory.read(file);
        read.get(0).metadata()[0] = 'X';

        assertThat(new String(read.get(1).metadata())).isEqualTo("{}");
    }

    @Test
    void theFooterSummaryGivesRowCountAndRangesWithoutReadingRows() throws IOException {
        Path file = dir.resolve("h.parquet");
        HistoryFileSummary written = ParquetHistory.write(file, HistoryEvents.sample(1_000));

        HistoryFileSummary summary = ParquetHistory.summary(file);

        assertThat(summary).isEqualTo(written);
        assertThat(summary.rowCount()).isEqualTo(1_000);
        assertThat(summary.minPosition()).isEqualTo(1);
        assertThat(summary.maxPosition()).isEqualTo(1_000);
        assertThat(summary.minTimestampMicros()).isEqualTo(T0);
        assertThat(summary.maxTimestampMicros()).isEqualTo(T0 + 999_000);
        assertThat(summary.fileSize()).isEqualTo(Files.size(file));
        assertThat(summary.containsPosition(500)).isTrue();
    }

    @Test
    void theFinalNameAppearsOnlyOnceTheFileIsComplete() throws IOException {
        Path file = dir.resolve("h.parquet");
        List<StoredEvent> events = HistoryEvents.sample(100);
        List<Boolean> finalNameSeenDuringWrite = new ArrayList<>();
        List<Long> tempFilesDuringWrite = new ArrayList<>();
        Iterator<StoredEvent> watching = new Iterator<>() {
            final Iterator<StoredEvent> it = events.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public StoredEvent next() {
                finalNameSeenDuringWrite.add(Files.exists(file));
                tempFilesDuringWrite.add(countTempFiles());
                return it.next();
            }
        };

        ParquetHistory.write(file, watching);

        assertThat(finalNameSeenDuringWrite).hasSize(100).containsOnly(false);
        assertThat(tempFilesDuringWrite).containsOnly(1L);
        assertThat(countTempFiles()).isZero();
        assertThat(ParquetHistory.read(file)).hasSize(100);
    }

    @Test
    void aFailedWriteLeavesNeitherTheFinalNameNorATemporaryFile() {
        Path file = dir.resolve("h.parquet");
        Iterator<StoredEvent> failing = Stream.concat(HistoryEvents.sample(10).stream(),
                Stream.<StoredEvent>generate(() -> { throw new IllegalStateException("source failed"); })).iterator();

        assertThatThrownBy(() -> ParquetHistory.write(file, failing)).hasMessage("source failed");

        assertThat(file).doesNotExist();
        assertThat(countTempFiles()).isZero();
    }

    @Test
    void rewritingAFileReplacesItAtomically() {
        Path file = dir.resolve("h.parquet");
        ParquetHistory.write(file, HistoryEvents.sample(10));

        ParquetHistory.write(file, HistoryEvents.sample(20));

        assertThat(ParquetHistory.read(file)).hasSize(20);
    }

    @Test
    void writingNoEventsIsRejected() {
        Path file = dir.resolve("h.parquet");

        assertThatThrownBy(() -> ParquetHistory.write(file, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParquetHistory.write(file, List.<StoredEvent>of().iterator()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one event");
        assertThat(file).doesNotExist();
        assertThat(countTempFiles()).isZero();
    }

    @Test
    void anEventWithoutPayloadIsRejectedNamingItsPosition() {
        StoredEvent bad = new StoredEvent(UUID.randomUUID(), "s", 1, 42, T0, "T", 1, null, null);

        assertThatThrownBy(() -> ParquetHistory.write(dir.resolve("h.parquet"), List.of(bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position 42");
    }

    @Test
    void aMissingEventMetadataIsStoredAsEmpty() {
        Path file = dir.resolve("h.parquet");
        ParquetHistory.write(file, List.of(new StoredEvent(UUID.randomUUID(), "s", 1, 1, T0, "T", 1, null, json("{}"))));

        assertThat(ParquetHistory.read(file).get(0).metadata()).isEmpty();
    }

    @Test
    void leftoverTemporaryFilesCanBeDeleted() throws IOException {
        Path leftover = Files.createFile(dir.resolve(".h.parquet" + ParquetHistory.TEMP_MARKER + "abc"));
        Path kept = dir.resolve("h.parquet");
        ParquetHistory.write(kept, HistoryEvents.sample(1));

        assertThat(ParquetHistory.deleteLeftovers(dir)).containsExactly(leftover);
        assertThat(leftover).doesNotExist();
        assertThat(kept).exists();
    }

    @Test
    void theParquetTierRunsWithoutHadoopOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    private long countTempFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(ParquetHistory.TEMP_MARKER)).count();
        } catch (IOException e) {
            throw new AllSourceException("cannot list " + dir, e);
        }
    }
}
