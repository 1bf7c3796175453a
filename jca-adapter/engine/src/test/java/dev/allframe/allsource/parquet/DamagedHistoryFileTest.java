package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static dev.allframe.allsource.parquet.HistoryEvents.T0;
import static dev.allframe.allsource.parquet.HistoryEvents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DamagedHistoryFileTest {
    @TempDir Path dir;

    @Test
    void aZeroByteFileIsReportedNamingTheFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.parquet"));

        assertThatThrownBy(() -> ParquetHistory.read(file))
                .isInstanceOf(HistoryFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("empty (0 bytes)")
                .satisfies(e -> assertThat(((HistoryFileException) e).file()).isEqualTo(file));
        assertThatThrownBy(() -> ParquetHistory.open(file)).isInstanceOf(HistoryFileException.class);
        assertThatThrownBy(() -> ParquetHistory.summary(file)).isInstanceOf(HistoryFileException.class);
    }

    @Test
    void aGarbageFileIsReportedNamingTheFile() throws IOException {
        Path file = Files.write(dir.resolve("garbage.parquet"), "this is not parquet at all, just text".getBytes());

        assertThatThrownBy(() -> ParquetHistory.read(file))
                .isInstanceOf(HistoryFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a readable Parquet file");
    }

    @Test
    void aMissingFileIsReportedNamingTheFile() {
        Path file = dir.resolve("missing.parquet");

        assertThatThrownBy(() -> ParquetHistory.read(file))
                .isInstanceOf(HistoryFileException.class).hasMessageContaining(file + ": does not exist");
    }

    @Test
    void aFileCutShortIsReported() throws IOException {
        Path file = written();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10);
        }

        assertThatThrownBy(() -> ParquetHistory.read(file))
                .isInstanceOf(HistoryFileException.class).hasMessageContaining(file.toString());
    }

    @Test
    void aFlippedByteInsideTheDataIsDetected() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        int middle = bytes.length / 2;
        bytes[middle] ^= 0x5A;
        Files.write(file, bytes);

        assertThatThrownBy(() -> ParquetHistory.read(file))
                .isInstanceOf(HistoryFileException.class).hasMessageContaining(file.toString());
    }

    private Path written() {
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        StoredEvent big = new StoredEvent(UUID.randomUUID(), "s", 1, 1, T0, "T", 1, new byte[0],
                json("{\"data\":\"" + Base64.getEncoder().encodeToString(noise) + "\"}"));
        Path file = dir.resolve("h.parquet");
        ParquetHistory.write(file, List.of(big));
        return file;
    }
}
