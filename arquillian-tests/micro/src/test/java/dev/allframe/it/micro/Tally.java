package dev.allframe.it.micro;

/** Aggregate state of {@link EventStoreCdiIT}'s snapshot test. */
public record Tally(int count) {
}
