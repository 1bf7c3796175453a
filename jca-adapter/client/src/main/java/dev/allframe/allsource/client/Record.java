package dev.allframe.allsource.client;

import java.util.UUID;

/**
 * A stored event. {@code position} is 0 for an append of the caller's own transaction that
 * is not committed yet.
 */
public record Record(UUID id, String stream, long version, long position, long timestampMicros,
                     String type, int schemaVersion, byte[] metadata, byte[] payload) {
}
