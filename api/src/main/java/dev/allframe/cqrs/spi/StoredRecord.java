package dev.allframe.cqrs.spi;

import java.util.UUID;

/** A stored event as a backend returns it (payload and metadata still JSON). Timestamp in epoch µs. */
public record StoredRecord(UUID id, String stream, long version, long position, long timestampMicros,
                           String type, int schemaVersion, String metadataJson, String payloadJson) {
}
