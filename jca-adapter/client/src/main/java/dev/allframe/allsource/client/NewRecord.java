package dev.allframe.allsource.client;

import java.util.Objects;
import java.util.UUID;

/** An event to append: id (idempotency), type, schema version, metadata and payload bytes (JSON). */
public record NewRecord(UUID id, String type, int schemaVersion, byte[] metadata, byte[] payload) {
    public NewRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        metadata = metadata == null ? new byte[0] : metadata;
        Objects.requireNonNull(payload, "payload");
    }
}
