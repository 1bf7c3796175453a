package dev.allframe.allsource;

import java.util.UUID;

/**
 * An event as stored: stream version is 1-based within its stream, global position is
 * 1-based, gap-free and commit-ordered across the store. Timestamp is epoch microseconds (UTC).
 */
public record StoredEvent(UUID id, String stream, long version, long position, long timestampMicros,
                          String type, int schemaVersion, byte[] metadata, byte[] payload) {
}
