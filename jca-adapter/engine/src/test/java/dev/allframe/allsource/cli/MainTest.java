package dev.allframe.allsource.cli;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.Events;
import dev.allframe.allsource.ExpectedVersion;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.parquet.ParquetHistory;
import dev.allframe.allsource.wal.WalFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void capture() {
        original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(original);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private void write() {
        try (AllSource s = AllSource.open(Events.options(dir).segmentSize(8 * 1024).build())) {
            for (int i = 0; i < 60; i++) s.append("s-" + (i % 4), ExpectedVersion.ANY, Events.events(1, "e" + i));
            s.prepare("tx-1", List.of(new dev.allframe.allsource.AppendRequest("p", ExpectedVersion.ANY, Events.events(1, "p"))));
        }
    }

    @Test
    void verifyAcceptsAnIntactLogAndFailsWithFileAndOffsetOnDamage() throws Exception {
        write();
        assertThat(Main.execute("verify", dir.toString())).isZero();
        assertThat(output()).contains("OK 60 events");
        Path seg = dir.resolve("wal").resolve(WalFormat.segmentName(1));
        byte[] b = Files.readAllBytes(seg);
        b[WalFormat.SEGMENT_HEADER + 200] ^= 1;
        Files.write(seg, b);
        out.reset();
        assertThat(Main.execute("verify", dir.toString())).isEqualTo(1);
        assertThat(output()).contains("DAMAGE " + seg + " offset ").contains("checksum");
    }

    @Test
    void dumpPrintsJsonLinesAndStatsCountsEverything() {
        write();
        assertThat(Main.execute("dump", dir.toString(), "--from", "59")).isZero();
        String[] lines = output().trim().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{\"position\":59,\"stream\":\"s-2\",\"version\":15,")
                .contains("\"payload\":\"{\\\"e58\\\":0}\"");
        out.reset();
        assertThat(Main.execute("stats", dir.toString())).isZero();
        assertThat(output()).contains("\"events\":60,\"streams\":4,").contains("\"inDoubt\":1").contains("\"lastPosition\":60");
    }

    @Test
    void exportWritesAParquetFileWithEveryEvent() {
        write();
        Path target = dir.resolveSibling(dir.getFileName() + "-export.parquet");
        try {
            assertThat(Main.execute("export", dir.toString(), target.toString())).isZero();
            List<StoredEvent> rows = ParquetHistory.read(target);
            assertThat(rows).hasSize(60);
            assertThat(rows).extracting(StoredEvent::position).startsWith(1L, 2L, 3L).endsWith(60L);
        } finally {
            target.toFile().delete();
        }
    }

    @Test
    void dumpOfADamagedLogSaysWhereItStopped() throws Exception {
        write();
        Path seg = dir.resolve("wal").resolve(WalFormat.segmentName(1));
        byte[] b = Files.readAllBytes(seg);
        b[WalFormat.SEGMENT_HEADER + 200] ^= 1;
        Files.write(seg, b);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute("dump", dir.toString())).isEqualTo(1);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("DAMAGE " + seg + " offset ");
        assertThat(output()).contains("\"position\":1,");
    }

    @Test
    void unknownDirectoryIsAUsageError() {
        assertThat(Main.execute("verify", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(Main.execute()).isNotZero();
    }
}
