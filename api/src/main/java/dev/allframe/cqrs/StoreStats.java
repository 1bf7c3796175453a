package dev.allframe.cqrs;

/** Counts describing an event store. */
public record StoreStats(long events, long streams, long lastPosition) {
}
