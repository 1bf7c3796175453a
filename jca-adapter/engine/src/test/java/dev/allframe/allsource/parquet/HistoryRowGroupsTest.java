package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Point reads (one page of rows) and the index scan of a history file. */
class HistoryRowGroupsTest {
    @TempDir Path dir;

    /** 3,000 events with a hole (positions 1001..1100 missing, as after quarantine), so rows and positions differ. */
    private List<StoredEvent> withHole() {
        List<StoredEvent> out = new ArrayList<>();
        for (StoredEvent e : HistoryEvents.sample(3_100)) {
            if (e.position() > 1_000 && e.position() <= 1_100) continue;
            out.add(e);
        }
        return out;
    }

    @Test
    void aPointReadDecodesOnlyThePageThatHoldsThePosition() {
        pointReads(true, HistoryWriterBuilder.POINT_READ_PAGE_ROWS);
    }

    /** A file written for scans (WAL kept) has big pages: point reads still work, decoding more. */
    @Test
    void pointReadsWorkOnFilesWrittenForScansToo() {
        pointReads(false, 3_000);
    }

    private void pointReads(boolean forPointReads, int maxPage) {
        List<StoredEvent> events = withHole();
        Path file = dir.resolve("1-3100.parquet");
        ParquetHistory.write(file, events.iterator(), forPointReads);
        try (HistoryRowGroups g = HistoryRowGroups.open(file)) {
            assertThat(g.rowCount()).isEqualTo(events.size());
            for (StoredEvent expected : events) {
                if (expected.position() % 37 != 0 && expected.position() != 1 && expected.position() != 3_100) continue;
                List<StoredEvent> page = g.readPageOf(expected.position());
                assertThat(page.size()).isBetween(1, maxPage);
                StoredEvent hit = page.stream().filter(e -> e.position() == expected.position()).findFirst().orElseThrow(
                        () -> new AssertionError("page read for position " + expected.position() + " lacks it"));
                HistoryEvents.assertSameEvents(List.of(hit), List.of(expected));
                for (int i = 1; i < page.size(); i++) assertThat(page.get(i).position()).isGreaterThan(page.get(i - 1).position());
            }
            assertThat(g.readPageOf(1_050)).noneMatch(e -> e.position() == 1_050);
            assertThat(g.readPageOf(3_101)).isEmpty();
        }
    }

    /** A stream read asks for many scattered positions at once: every event must be the right one. */
    @Test
    void aBatchOfScatteredPositionsReadsEachEventRight() {
        for (boolean forPointReads : new boolean[]{true, false}) {
            List<StoredEvent> events = withHole();
            Path file = dir.resolve((forPointReads ? "p" : "s") + "-1-3100.parquet");
            ParquetHistory.write(file, events.iterator(), forPointReads);
            java.util.Map<Long, StoredEvent> byPosition = new java.util.HashMap<>();
            for (StoredEvent e : events) byPosition.put(e.position(), e);
            try (HistoryRowGroups g = HistoryRowGroups.open(file)) {
                for (int stride : new int[]{7, 13, 130, 257, 1}) {
                    long[] wanted = events.stream().mapToLong(StoredEvent::position).filter(p -> p % stride == 3 % stride).toArray();
                    for (boolean onlyThese : new boolean[]{true, false}) {
                        List<StoredEvent> got = g.readPagesOf(wanted, 0, wanted.length, onlyThese);
                        if (onlyThese) assertThat(got).hasSize(wanted.length);
                        for (StoredEvent e : got)
                            HistoryEvents.assertSameEvents(List.of(e), List.of(byPosition.get(e.position())));
                        assertThat(got.stream().map(StoredEvent::position).toList())
                                .containsAll(java.util.Arrays.stream(wanted).boxed().toList());
                    }
                }
            }
        }
    }

    @Test
    void theIndexScanPassesEveryRowWithoutPayloads() {
        List<StoredEvent> events = withHole();
        Path file = dir.resolve("1-3100.parquet");
        ParquetHistory.write(file, events);
        List<long[]> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (HistoryRowGroups g = HistoryRowGroups.open(file)) {
            g.scanIndex((hi, lo, stream, version, position, ts, type) -> {
                rows.add(new long[]{hi, lo, version, position, ts});
                names.add(stream + "/" + type);
            });
        }
        assertThat(rows).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            StoredEvent e = events.get(i);
            assertThat(rows.get(i)).containsExactly(e.id().getMostSignificantBits(), e.id().getLeastSignificantBits(),
                    e.version(), e.position(), e.timestampMicros());
            assertThat(names.get(i)).isEqualTo(e.stream() + "/" + e.type());
        }
    }
}
