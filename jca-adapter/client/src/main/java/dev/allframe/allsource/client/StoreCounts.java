package dev.allframe.allsource.client;

/** Counts describing a store. */
public record StoreCounts(long events, long streams, long lastPosition, long bytes, int segments) {
}
