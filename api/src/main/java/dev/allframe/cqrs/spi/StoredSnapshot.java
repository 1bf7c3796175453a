package dev.allframe.cqrs.spi;

import java.util.Objects;

/** A snapshot as a backend stores it: stream, version it includes, state type name and JSON. */
public record StoredSnapshot(String stream, long version, String type, String stateJson) {
    public StoredSnapshot {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stateJson, "stateJson");
        if (version < 1) throw new IllegalArgumentException("snapshot version must be >= 1, was " + version);
    }
}
