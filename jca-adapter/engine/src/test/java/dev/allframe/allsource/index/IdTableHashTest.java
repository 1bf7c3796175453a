package dev.allframe.allsource.index;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids with little entropy must still spread over the id table (else every lookup walks one long chain). */
class IdTableHashTest {
    private static final int IDS = 50_000;
    private static final int SLOTS = 1 << 17; // the table's size for this many ids (load <= 0.5)

    private static int distinctSlots(IntFunction<long[]> id) {
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < IDS; i++) {
            long[] u = id.apply(i);
            slots.add((int) IdTable.mix(u[0], u[1]) & (SLOTS - 1));
        }
        return slots.size();
    }

    @Test
    void structuredIdsSpreadOverTheSlots() {
        // a random hash puts 50,000 ids into ~41,600 distinct slots of 131,072; the former mix put these
        // structured ids into 49, 1 and 256 slots (every lookup walked one long chain)
        assertThat(distinctSlots(i -> new long[]{(1_700_000_000_000L << 16) | 0x7000 | (i >>> 10),
                0x8000_0000_0000_0000L | ((long) (i & 0x3FF)) << 52})).as("UUIDv7 whose rand_b is a counter").isGreaterThan(30_000);
        assertThat(distinctSlots(i -> new long[]{((long) i) << 48, 0})).as("only the top 16 bits differ").isGreaterThan(30_000);
        assertThat(distinctSlots(i -> new long[]{0, ((long) i) << 40})).as("only high bits of the low half differ").isGreaterThan(30_000);
        assertThat(distinctSlots(i -> new long[]{0, i})).as("sequential").isGreaterThan(30_000);
    }
}
