package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.Event;
import dev.allframe.cqrs.JsonEvent;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalogue of event types the application knows: type name and current schema version of
 * each event class. Classes register themselves on first append or through discovery.
 */
public final class EventTypes {
    private final Map<String, Class<?>> byName = new ConcurrentHashMap<>();
    private final Map<Class<?>, TypeName> byClass = new ConcurrentHashMap<>();

    /** Type name and schema version of an event class. */
    public record TypeName(String name, int version) {
    }

    /** Name and version of an event object ({@link JsonEvent}s carry their own). */
    public TypeName nameOf(Object event) {
        if (event instanceof JsonEvent j) return new TypeName(j.type(), j.schemaVersion());
        return register(event.getClass());
    }

    /** Registers an event class and returns its name; two classes with one name are an error. */
    public TypeName register(Class<?> type) {
        TypeName known = byClass.get(type);
        if (known != null) return known;
        Event ann = type.getAnnotation(Event.class);
        String name = ann == null || ann.value().isBlank() ? type.getSimpleName() : ann.value();
        int version = ann == null ? 1 : ann.version();
        if (version < 1) throw new IllegalArgumentException("@Event version of " + type.getName() + " must be >= 1");
        Class<?> other = byName.putIfAbsent(name, type);
        if (other != null && other != type)
            throw new IllegalArgumentException("event type name '" + name + "' is used by both " + other.getName() + " and " + type.getName());
        TypeName t = new TypeName(name, version);
        byClass.put(type, t);
        return t;
    }

    /** The class registered for a type name. */
    public Optional<Class<?>> classOf(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every registered type, by name. */
    public Map<String, TypeName> catalogue() {
        Map<String, TypeName> out = new java.util.TreeMap<>();
        byClass.values().forEach(t -> out.put(t.name(), t));
        return out;
    }
}
