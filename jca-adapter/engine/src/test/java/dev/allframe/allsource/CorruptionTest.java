package dev.allframe.allsource;

import dev.allframe.allsource.wal.WalFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.allframe.allsource.Events.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorruptionTest {
    @TempDir Path dir;

    private AllSourceOptions.Builder opts() {
        return Events.options(dir).segmentSize(16 * 1024);
    }

    private void write(int n) {
        try (AllSource s = AllSource.open(opts().build())) {
            for (int i = 0; i < n; i++) s.append("s-" + (i % 3), ExpectedVersion.ANY, events(1, "e" + i));
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> st = Files.list(dir.resolve("wal"))) {
            return st.filter(p -> p.toString().endsWith(".wal")).sorted(Comparator.naturalOrder()).toList();
        }
    }

    /** Offsets of the records (BATCH and others) in a segment, plus the end offset as the last element. */
    private static List<Integer> records(byte[] b) {
        List<Integer> out = new ArrayList<>();
        int off = WalFormat.SEGMENT_HEADER;
        while (off + 12 <= b.length && WalFormat.getInt(b, off) != 0) {
            out.add(off);
            off += WalFormat.getInt(b, off);
        }
        out.add(off);
        return out;
    }

    @Test
    void tornTailIsCutAtTheLastValidRecordForEveryByteOffsetOfTheLastRecord() throws IOException {
        write(5);
        Path seg = segments().get(0);
        byte[] original = Files.readAllBytes(seg);
        List<Integer> recs = records(original);
        int end = recs.get(recs.size() - 1), lastStart = recs.get(recs.size() - 2);
        int batchStart = recs.get(recs.size() - 3); // the last write: BATCH record + the event
        int checked = 0;
        for (int cut = batchStart; cut < end; cut++) {
            for (boolean shorten : new boolean[]{false, true}) {
                byte[] damaged = original.clone();
                java.util.Arrays.fill(damaged, cut, end, (byte) 0);
                Files.write(seg, shorten ? java.util.Arrays.copyOf(damaged, cut) : damaged);
                try (AllSource s = AllSource.open(opts().build())) {
                    assertThat(s.lastPosition()).as("cut at %d (record at %d)", cut, lastStart).isEqualTo(4);
                    assertThat(s.readAll(1, 10)).extracting(Events::payload)
                            .containsExactly("{\"e0\":0}", "{\"e1\":0}", "{\"e2\":0}", "{\"e3\":0}");
                    assertThat(s.append("s-0", ExpectedVersion.ANY, events(1, "again")).firstPosition()).isEqualTo(5);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * (end - batchStart));
        assertThat(dir.resolve("quarantine")).isDirectoryContaining(p -> p.toString().endsWith(".torn"));
    }

    @Test
    void flippedByteInTheMiddleStopsOpeningWithFileAndOffset() throws IOException {
        write(20);
        Path seg = segments().get(0);
        byte[] b = Files.readAllBytes(seg);
        List<Integer> recs = records(b);
        int victim = recs.get(21); // an EVENT record in the middle (records alternate BATCH, EVENT)
        assertThat(b[victim + 8]).isEqualTo(WalFormat.EVENT);
        b[victim + 40] ^= 0x5A;
        Files.write(seg, b);
        assertThatThrownBy(() -> AllSource.open(opts().build()))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.file()).isEqualTo(seg);
                    assertThat(e.offset()).isEqualTo(victim);
                    assertThat(e.getMessage()).contains(seg.toString()).contains("offset " + victim).contains("quarantine");
                });
        assertThat(Files.readAllBytes(seg)).as("a refused open changes nothing").isEqualTo(b);
    }

    @Test
    void quarantineMovesTheDamagedBytesAsideAndKeepsEverythingElse() throws IOException {
        write(20);
        Path seg = segments().get(0);
        byte[] b = Files.readAllBytes(seg);
        List<Integer> recs = records(b);
        int victim = recs.get(21), next = recs.get(22);
        b[victim + 40] ^= 0x5A;
        Files.write(seg, b);
        try (AllSource s = AllSource.open(opts().quarantine(true).build())) {
            assertThat(s.lastPosition()).isEqualTo(20);
            assertThat(s.stats().events()).isEqualTo(19);
            assertThat(s.readAll(1, 100)).extracting(StoredEvent::position).doesNotContain(11L).hasSize(19);
            assertThat(s.append("s-0", ExpectedVersion.ANY, events(1, "more")).firstPosition()).isEqualTo(21);
        }
        assertThat(seg).exists();
        Path q = dir.resolve("quarantine").resolve(seg.getFileName() + "." + victim + "-" + next + ".bad");
        assertThat(Files.readAllBytes(q)).isEqualTo(java.util.Arrays.copyOfRange(b, victim, next));
        try (AllSource s = AllSource.open(opts().build())) {
            assertThat(s.stats().events()).as("repaired log opens without quarantine").isEqualTo(20);
        }
    }

    @Test
    void zeroLengthLastSegmentIsRecreatedAndNothingIsLost() throws IOException {
        write(3);
        Path extra = dir.resolve("wal").resolve(WalFormat.segmentName(2));
        Files.createFile(extra);
        try (AllSource s = AllSource.open(opts().build())) {
            assertThat(s.lastPosition()).isEqualTo(3);
            s.append("x", ExpectedVersion.ANY, events(1, "x"));
        }
        assertThat(Files.size(extra)).isGreaterThan(WalFormat.SEGMENT_HEADER);
        try (AllSource s = AllSource.open(opts().build())) {
            assertThat(s.lastPosition()).isEqualTo(4);
        }
    }

    @Test
    void zeroLengthSegmentInTheMiddleIsReportedAndQuarantinedOnRequest() throws IOException {
        write(400);
        List<Path> segs = segments();
        assertThat(segs.size()).isGreaterThan(2);
        Files.write(segs.get(1), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        assertThatThrownBy(() -> AllSource.open(opts().build()))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.file()).isEqualTo(segs.get(1));
                    assertThat(e.getMessage()).contains("zero-length");
                });
        try (AllSource s = AllSource.open(opts().quarantine(true).build())) {
            assertThat(s.lastPosition()).isEqualTo(400);
            assertThat(s.stats().events()).isLessThan(400).isGreaterThan(0);
        }
        assertThat(dir.resolve("quarantine").resolve(segs.get(1).getFileName() + ".bad")).exists();
    }

    @Test
    void missingSegmentIsReportedByName() throws IOException {
        write(400);
        List<Path> segs = segments();
        Path gone = segs.get(1);
        Files.move(gone, dir.resolve(gone.getFileName() + ".elsewhere"));
        assertThatThrownBy(() -> AllSource.open(opts().build()))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.file()).isEqualTo(gone);
                    assertThat(e.getMessage()).contains("segment missing");
                });
        try (AllSource s = AllSource.open(opts().quarantine(true).build())) {
            assertThat(s.lastPosition()).isEqualTo(400);
        }
    }

    @Test
    void garbageSegmentFileIsReportedClearly() throws IOException {
        write(3);
        Path garbage = dir.resolve("wal").resolve(WalFormat.segmentName(2));
        byte[] junk = new byte[5000];
        new Random(7).nextBytes(junk);
        Files.write(garbage, junk);
        assertThatThrownBy(() -> AllSource.open(opts().build()))
                .isInstanceOfSatisfying(CorruptLogException.class, e -> {
                    assertThat(e.file()).isEqualTo(garbage);
                    assertThat(e.offset()).isZero();
                    assertThat(e.getMessage()).contains("not an AllSource WAL segment");
                });
        try (AllSource s = AllSource.open(opts().quarantine(true).build())) {
            assertThat(s.lastPosition()).isEqualTo(3);
        }
        assertThat(Files.readAllBytes(dir.resolve("quarantine").resolve(garbage.getFileName() + ".bad"))).isEqualTo(junk);
        byte[] moreJunk = new byte[3000];
        new Random(8).nextBytes(moreJunk);
        Files.write(garbage, moreJunk);
        try (AllSource s = AllSource.open(opts().quarantine(true).build())) {
            assertThat(s.lastPosition()).isEqualTo(3);
        }
        assertThat(Files.readAllBytes(dir.resolve("quarantine").resolve(garbage.getFileName() + ".bad"))).as("never overwritten").isEqualTo(junk);
        assertThat(Files.readAllBytes(dir.resolve("quarantine").resolve(garbage.getFileName() + ".bad.1"))).isEqualTo(moreJunk);
    }
}
