package dev.allframe.allsource;

import java.util.Objects;
import java.util.UUID;

/**
 * One event to append: its id (used for idempotency), type name, schema version,
 * metadata (JSON bytes, may be empty) and payload (JSON bytes).
 */
public record EventData(UUID id, String type, int schemaVersion, byte[] metadata, byte[] payload) {
    public EventData {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) throw new IllegalArgumentException("event type must not be blank");
        Names.requireStorable("event type", type);
        if (schemaVersion < 1) throw new IllegalArgumentException("schemaVersion must be >= 1, was " + schemaVersion);
        metadata = metadata == null ? new byte[0] : metadata;
        Objects.requireNonNull(payload, "payload");
    }

    /** Convenience: schema version 1, no metadata. */
    public static EventData of(UUID id, String type, byte[] payload) {
        return new EventData(id, type, 1, new byte[0], payload);
    }
}
