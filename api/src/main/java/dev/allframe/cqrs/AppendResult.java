package dev.allframe.cqrs;

/**
 * What an append wrote: the first and last stream version and global position of its events.
 * An append of no events returns the stream's current version and positions 0. Inside a JTA
 * transaction positions are 0 until commit (backends number events when they commit).
 *
 * @param alreadyStored true when every event id was stored already (an idempotent retry): nothing
 *                      was written and the versions and positions are those of the original append
 */
public record AppendResult(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition,
                           boolean alreadyStored) {

    /** The result of an append that wrote its events. */
    public AppendResult(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition) {
        this(stream, firstVersion, lastVersion, firstPosition, lastPosition, false);
    }

}
