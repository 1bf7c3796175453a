package dev.allframe.cqrs;

/**
 * The state of a stream's aggregate after {@code version} events.
 *
 * @param stream  stream name
 * @param version stream version the state includes (1-based)
 * @param state   the state object
 */
public record Snapshot<S>(String stream, long version, S state) {
}
