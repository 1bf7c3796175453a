package dev.allframe.cqrs;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event to append with a caller-chosen id (for idempotent retries) and metadata.
 * Plain event objects get a fresh time-ordered id and no metadata.
 */
public record NewEvent(UUID id, Object payload, Map<String, String> metadata) {
    public NewEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
        metadata = Map.copyOf(metadata);
    }

    public static NewEvent of(UUID id, Object payload) {
        return new NewEvent(id, payload, Map.of());
    }
}
