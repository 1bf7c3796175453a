package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Sample events for history-file tests. */
final class HistoryEvents {
    static final long T0 = 1_763_900_000_000_000L; // 2025-11-23, epoch µs

    private HistoryEvents() {
    }

    /** {@code n} events over 7 streams, positions 1..n, one millisecond apart. */
    static List<StoredEvent> sample(int n) {
        List<StoredEvent> out = new ArrayList<>(n);
        long[] versions = new long[7];
        for (int i = 0; i < n; i++) {
            int s = i % 7;
            out.add(new StoredEvent(new UUID(0x0190_0000_0000_7000L | i, 0x8000_0000_0000_0000L | (long) i * 31),
                    "order-" + s, ++versions[s], i + 1, T0 + i * 1000L, i % 2 == 0 ? "OrderPlaced" : "OrderShipped",
                    1 + i % 3, json("{\"correlationId\":\"c-" + i + "\"}"), json("{\"n\":" + i + ",\"item\":\"book\"}")));
        }
        return out;
    }

    /** Asserts equal events in equal order, comparing byte arrays by content. */
    static void assertSameEvents(List<StoredEvent> actual, List<StoredEvent> expected) {
        assertThat(actual.stream().map(Row::of).toList()).containsExactlyElementsOf(expected.stream().map(Row::of).toList());
    }

    /** A StoredEvent with value semantics for its byte arrays. */
    private record Row(UUID id, String stream, long version, long position, long timestampMicros, String type,
                       int schemaVersion, ByteBuffer metadata, ByteBuffer payload) {
        static Row of(StoredEvent e) {
            return new Row(e.id(), e.stream(), e.version(), e.position(), e.timestampMicros(), e.type(),
                    e.schemaVersion(), ByteBuffer.wrap(e.metadata()), ByteBuffer.wrap(e.payload()));
        }

        @Override
        public String toString() {
            return "Row[" + id + ", " + stream + ", v" + version + ", p" + position + ", t" + timestampMicros + ", " + type
                    + ", sv" + schemaVersion + ", metadata " + metadata.remaining() + " B, payload " + payload.remaining() + " B]";
        }
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
