package dev.allframe.cqrs.impl.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    private static int compareUnsigned(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    @Test
    void idsAreVersion7UniqueAndIncreasingInEveryThread() throws Exception {
        Set<UUID> all = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> increasing = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            increasing.add(pool.submit(() -> {
                UUID prev = EventIds.next();
                all.add(prev);
                boolean ok = true;
                for (int i = 0; i < 50_000; i++) {
                    UUID id = EventIds.next();
                    ok &= compareUnsigned(id, prev) > 0 && id.version() == 7 && id.variant() == 2;
                    all.add(id);
                    prev = id;
                }
                return ok;
            }));
        }
        for (Future<Boolean> f : increasing) assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(all).hasSize(4 * 50_001);
        UUID id = EventIds.next();
        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 1);
    }
}
