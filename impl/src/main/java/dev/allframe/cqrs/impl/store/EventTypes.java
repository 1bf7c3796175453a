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

    /**
     * Registers every {@link Event @Event} class that a method of {@code type} takes or returns
     * (directly or as a type argument, e.g. {@code EventEnvelope<X>}, {@code List<X>}): how event
     * records, which CDI does not discover as beans, become known before their first append.
     */
    public void registerFromSignatures(Class<?> type) {
        for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
            for (java.lang.reflect.Type p : m.getGenericParameterTypes()) registerIfEvent(p);
            registerIfEvent(m.getGenericReturnType());
        }
    }

    /** Registers {@code t} (or its type arguments) if it is an {@link Event @Event} class. */
    public void registerIfEvent(java.lang.reflect.Type t) {
        eventClassesIn(t).forEach(this::register);
    }

    /** The {@link Event @Event} classes a type is or has as (nested) type arguments. */
    public static java.util.List<Class<?>> eventClassesIn(java.lang.reflect.Type t) {
        java.util.List<Class<?>> out = new java.util.ArrayList<>();
        if (t instanceof Class<?> c && c.isAnnotationPresent(Event.class)) out.add(c);
        if (t instanceof java.lang.reflect.ParameterizedType p)
            for (java.lang.reflect.Type a : p.getActualTypeArguments()) out.addAll(eventClassesIn(a));
        if (t instanceof java.lang.reflect.WildcardType w)
            for (java.lang.reflect.Type b : w.getUpperBounds()) out.addAll(eventClassesIn(b));
        return out;
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
