package dev.allframe.cqrs;

import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * An event whose type is known only at run time, with a JSON body. Append it like any event;
 * reads return stored events of types that have no Java class in the application as
 * {@code JsonEvent}s.
 *
 * @param type          stored type name
 * @param schemaVersion schema version of {@code data}
 * @param data          the event's JSON body
 */
public record JsonEvent(String type, int schemaVersion, JsonObject data) {
    public JsonEvent {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) throw new IllegalArgumentException("event type must not be blank");
        if (schemaVersion < 1) throw new IllegalArgumentException("schemaVersion must be >= 1, was " + schemaVersion);
        Objects.requireNonNull(data, "data");
    }
}
