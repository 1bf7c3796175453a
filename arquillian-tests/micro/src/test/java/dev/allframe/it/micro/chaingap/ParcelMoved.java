package dev.allframe.it.micro.chaingap;

import dev.allframe.cqrs.Event;

/** Version 3 of an event type: reading a v1 event needs the upcasters v1→v2 and v2→v3. */
@Event(value = "ParcelMoved", version = 3)
public record ParcelMoved(String parcel, String to, String by) {
}
