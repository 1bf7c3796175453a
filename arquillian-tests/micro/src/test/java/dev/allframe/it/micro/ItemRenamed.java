package dev.allframe.it.micro;

import dev.allframe.cqrs.Event;

/** Version 2 of an event whose version 1 was {@code {"name": ...}}; see {@link ItemRenamedV1}. */
@Event(value = "ItemRenamed", version = 2)
public record ItemRenamed(String newName, String by) {
}
