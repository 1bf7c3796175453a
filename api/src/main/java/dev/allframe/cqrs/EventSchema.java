package dev.allframe.cqrs;

import java.util.List;

/**
 * One entry of the {@link SchemaRegistry}: an event type, its current schema version and the
 * versions older events are upcasted from.
 *
 * @param type           stored type name
 * @param currentVersion the version reads deliver (the class's {@link Event#version()}, or the end of the upcaster chain)
 * @param javaClass      fully qualified event class, empty if the type is only known from upcasters
 * @param upcastFrom     versions with an {@link Upcaster}, ascending
 */
public record EventSchema(String type, int currentVersion, String javaClass, List<Integer> upcastFrom) {
    public EventSchema {
        upcastFrom = List.copyOf(upcastFrom);
    }
}
