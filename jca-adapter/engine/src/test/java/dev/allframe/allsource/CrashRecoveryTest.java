package dev.allframe.allsource;

import dev.allframe.allsource.testing.ChildJvm;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 of a writer under load never loses an acknowledged event nor exposes half a group. */
class CrashRecoveryTest {
    private static final Pattern GROUP = Pattern.compile("\"g\":\"([^\"]+)\",\"n\":(\\d+)");
    @TempDir Path dir;
    private static final java.util.concurrent.atomic.AtomicInteger trimmedRuns = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.api.AfterAll
    static void someRunsReadDeletedSegmentsFromHistoryFiles() {
        assertThat(trimmedRuns.get()).as("of the 10 trim runs, those that reopened a store whose oldest WAL segments were deleted")
                .isGreaterThanOrEqualTo(5);
    }

    /**
     * Every other run converts sealed segments to history files and deletes all but the newest
     * sealed one while the child writes, so the kill may land in a conversion or a deletion.
     */
    static AllSourceOptions options(Path dir, boolean trim) {
        return trim
                ? AllSourceOptions.builder(dir).segmentSize(16 * 1024).parquetRollover(true).keepSealedSegments(1).build()
                : AllSourceOptions.builder(dir).segmentSize(128 * 1024).parquetRollover(false).build();
    }

    @RepeatedTest(20)
    void killedWriterLosesNoAcknowledgedEventAndNoGroupIsHalfVisible(RepetitionInfo run) throws Exception {
        boolean trim = run.getCurrentRepetition() % 2 == 0;
        Map<Long, UUID> acked = new HashMap<>();
        try (ChildJvm child = new ChildJvm(CrashWriterMain.class, dir.toString(), trim ? "trim" : "keep")) {
            long deadline = System.currentTimeMillis() + 20_000;
            String line;
            while ((line = child.nextLine(Math.max(1, deadline - System.currentTimeMillis()))) != null && !line.equals("READY")) {
                // skip anything before READY
            }
            assertThat(line).as("child started").isEqualTo("READY");
            int seen = 0;
            int killAfter = 200 + (int) (Math.random() * 1500);
            // trim runs write for 1-2.5 s, so that conversions and deletions are under way at the kill
            long killAt = System.currentTimeMillis() + (trim ? 1000 + (long) (Math.random() * 1500) : 0);
            while ((seen < killAfter || System.currentTimeMillis() < killAt) && (line = child.nextLine(Math.max(1, deadline - System.currentTimeMillis()))) != null) {
                if (parse(line, acked)) seen++;
            }
            for (String l : child.killAndDrain()) parse(l, acked);
        }
        assertThat(acked).isNotEmpty();
        if (java.nio.file.Files.exists(dir.resolve("wal").resolve(dev.allframe.allsource.wal.WalStart.FILE))) trimmedRuns.incrementAndGet();
        try (AllSource s = AllSource.open(options(dir, trim))) {
            List<StoredEvent> all = s.readAll(1, Integer.MAX_VALUE);
            for (int i = 0; i < all.size(); i++) assertThat(all.get(i).position()).isEqualTo(i + 1L);
            assertThat(s.lastPosition()).isEqualTo(all.size());
            for (var e : acked.entrySet()) {
                assertThat(e.getKey()).as("acknowledged position").isLessThanOrEqualTo(all.size());
                assertThat(all.get((int) (e.getKey() - 1)).id()).isEqualTo(e.getValue());
            }
            Map<String, Integer> groups = new HashMap<>(), sizes = new HashMap<>();
            for (StoredEvent e : all) {
                Matcher m = GROUP.matcher(new String(e.payload(), StandardCharsets.UTF_8));
                assertThat(m.find()).isTrue();
                groups.merge(m.group(1), 1, Integer::sum);
                sizes.put(m.group(1), Integer.parseInt(m.group(2)));
            }
            groups.forEach((g, n) -> assertThat(n).as("events of group " + g).isEqualTo(sizes.get(g)));
            for (StoredEvent e : all) {
                List<StoredEvent> stream = s.readStream(e.stream(), e.version(), 1, false);
                assertThat(stream).extracting(StoredEvent::id).containsExactly(e.id());
            }
        }
    }

    private static boolean parse(String line, Map<Long, UUID> acked) {
        String[] p = line.split(" ");
        if (p.length != 3 || !p[0].equals("ACK") || p[2].length() != 36) return false;
        try {
            acked.put(Long.parseLong(p[1]), UUID.fromString(p[2]));
            return true;
        } catch (IllegalArgumentException partialLine) {
            return false; // the kill can cut the last line short; its event was acknowledged only if the line is whole
        }
    }
}
