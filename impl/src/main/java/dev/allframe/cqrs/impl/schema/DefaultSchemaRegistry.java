package dev.allframe.cqrs.impl.schema;

import dev.allframe.cqrs.EventSchema;
import dev.allframe.cqrs.SchemaRegistry;
import dev.allframe.cqrs.impl.store.EventTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The schema registry built from the registered event classes and the upcasters. */
public class DefaultSchemaRegistry implements SchemaRegistry {
    private final EventTypes types;
    private final Upcasters upcasters;

    public DefaultSchemaRegistry(EventTypes types, Upcasters upcasters) {
        this.types = types;
        this.upcasters = upcasters;
    }

    @Override
    public List<EventSchema> eventTypes() {
        TreeSet<String> names = new TreeSet<>(types.catalogue().keySet());
        names.addAll(upcasters.types());
        List<EventSchema> out = new ArrayList<>();
        for (String name : names) eventType(name).ifPresent(out::add);
        return out;
    }

    @Override
    public Optional<EventSchema> eventType(String type) {
        Optional<Class<?>> c = types.classOf(type);
        List<Integer> froms = upcasters.froms(type);
        if (c.isEmpty() && froms.isEmpty()) return Optional.empty();
        int current = c.map(k -> types.register(k).version()).orElseGet(() -> upcasters.latest(type).orElse(1));
        return Optional.of(new EventSchema(type, current, c.map(Class::getName).orElse(""), froms));
    }
}
