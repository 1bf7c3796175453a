package dev.allframe.it.micro;

import dev.allframe.cqrs.Event;

/** Event observed through CDI in {@link EventStoreCdiIT}. */
@Event("PingSent")
public record PingSent(String text) {
}
