package dev.allframe.it.micro;

import dev.allframe.cqrs.Event;

/** A small test event. */
@Event("NoteTaken")
public record Note(String text) {
}
