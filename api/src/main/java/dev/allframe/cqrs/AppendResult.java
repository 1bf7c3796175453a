package dev.allframe.cqrs;

/**
 * What an append wrote: the first and last stream version and global position of its events.
 * An append of no events returns the stream's current version and positions 0.
 */
public record AppendResult(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition) {
}
