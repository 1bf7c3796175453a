package dev.allframe.cqrs;

/**
 * An aggregate's state as loaded from its stream.
 *
 * @param stream  stream name
 * @param version stream version the state includes: the expected version of the next append
 * @param state   the state
 */
public record Aggregate<S>(String stream, long version, S state) {
}
