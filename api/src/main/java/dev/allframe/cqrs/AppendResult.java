package dev.allframe.cqrs;

/**
 * What an append wrote: the first and last stream version and global position of its events.
 * An append of no events returns the stream's current version and positions 0.
 * <p>
 * <b>Inside a JTA transaction</b> the result is provisional: positions are 0 until commit (backends
 * number events when they commit), and the versions are those the events would get if nothing else
 * commits to the stream first. With an exact expected version (or {@code NO_STREAM}) that is what
 * they get, since a concurrent commit to the stream makes this one roll back. With {@code ANY} or
 * {@code EXISTS} another transaction may commit first and push the events to later versions: read
 * them back by event id after commit ({@link EventStore#read}) when the final versions matter.
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
