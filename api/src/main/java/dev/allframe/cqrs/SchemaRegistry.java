package dev.allframe.cqrs;

import java.util.List;
import java.util.Optional;

/**
 * The catalogue of event types the application knows: from {@link Event @Event} classes (seen at
 * deployment or on first use) and {@link Upcaster @Upcaster}s. Inject it to show or check schemas.
 */
public interface SchemaRegistry {
    /** Every known type, sorted by name. */
    List<EventSchema> eventTypes();

    /** One type by its stored name. */
    Optional<EventSchema> eventType(String type);
}
