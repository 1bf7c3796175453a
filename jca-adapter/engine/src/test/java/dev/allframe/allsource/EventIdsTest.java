package dev.allframe.allsource;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventIdsTest {

    @Test
    void idsAreVersion7WithTheRfcVariantAndTheCurrentTime() {
        long before = System.currentTimeMillis();
        UUID id = EventIds.next();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        // the milliseconds come from CoarseClock: refreshed every millisecond by a thread, so on a loaded
        // machine they may trail the system clock by a scheduling delay (never lead it)
        assertThat(EventIds.timestampMillis(id)).isBetween(before - 1_000, after + 1);
    }

    @Test
    void idsFromOneThreadAreStrictlyIncreasingInTextOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) ids.add(EventIds.next().toString());

        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void idsFromManyThreadsAreUnique() {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(t -> {
            Set<UUID> mine = new HashSet<>();
            for (int i = 0; i < 50_000; i++) mine.add(EventIds.next());
            ids.addAll(mine);
        });

        assertThat(ids).hasSize(8 * 50_000);
    }

    @Test
    void theTimestampOfARandomUuidIsRefused() {
        assertThatThrownBy(() -> EventIds.timestampMillis(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }
}
