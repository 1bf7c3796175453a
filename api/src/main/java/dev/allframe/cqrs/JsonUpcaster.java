package dev.allframe.cqrs;

import jakarta.json.JsonObject;

/** Turns the JSON of an old event schema version into the next one; see {@link Upcaster}. */
@FunctionalInterface
public interface JsonUpcaster {
    /** The event's JSON in version {@code from + 1}; must not modify {@code old} (it is immutable anyway). */
    JsonObject upcast(JsonObject old);
}
