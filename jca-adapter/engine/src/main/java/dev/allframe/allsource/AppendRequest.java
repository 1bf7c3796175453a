package dev.allframe.allsource;

import java.util.List;
import java.util.Objects;

/** Events to append to one stream under an expected-version condition. */
public record AppendRequest(String stream, long expectedVersion, List<EventData> events) {
    public AppendRequest {
        Objects.requireNonNull(stream, "stream");
        if (stream.isBlank()) throw new IllegalArgumentException("stream name must not be blank");
        Names.requireStorable("stream name", stream);
        ExpectedVersion.validate(expectedVersion);
        events = List.copyOf(Objects.requireNonNull(events, "events"));
    }
}
