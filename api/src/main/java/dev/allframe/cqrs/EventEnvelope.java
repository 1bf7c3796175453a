package dev.allframe.cqrs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored event with everything known about it. Observe them as CDI events:
 * {@code void on(@Observes(during = AFTER_SUCCESS) EventEnvelope<AccountOpened> e)}.
 *
 * @param id            event id (idempotency key of the append)
 * @param type          type name ({@link Event#value()} or the simple class name)
 * @param schemaVersion schema version after upcasting
 * @param stream        stream name
 * @param version       1-based version within the stream
 * @param position      1-based, gap-free, commit-ordered global position
 * @param timestamp     commit time
 * @param correlationId correlation id, empty string if none
 * @param causationId   causation id, empty string if none
 * @param metadata      further metadata
 * @param payload       the event object
 */
public record EventEnvelope<E>(UUID id, String type, int schemaVersion, String stream, long version, long position,
                               Instant timestamp, String correlationId, String causationId,
                               Map<String, String> metadata, E payload) {
    public EventEnvelope {
        metadata = Map.copyOf(metadata);
    }
}
