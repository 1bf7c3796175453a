package dev.allframe.cqrs.spi;

import java.util.Objects;
import java.util.UUID;

/** An event ready to store: id, type, schema version, metadata JSON and payload JSON. */
public record SerializedEvent(UUID id, String type, int schemaVersion, String metadataJson, String payloadJson) {
    public SerializedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(metadataJson, "metadataJson");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
