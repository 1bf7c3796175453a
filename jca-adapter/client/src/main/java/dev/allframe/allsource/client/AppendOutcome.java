package dev.allframe.allsource.client;

/**
 * Result of an append. When {@code pending} is true the append waits for its transaction to
 * commit: versions are those it will get, positions are 0 (assigned at commit). When
 * {@code alreadyStored} is true every event id was stored already (an idempotent retry): nothing
 * was appended, and versions and positions are those of the original events.
 */
public record AppendOutcome(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition,
                            boolean pending, boolean alreadyStored) {
    /** An append that wrote (or, when pending, will write) its events. */
    public AppendOutcome(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition,
                         boolean pending) {
        this(stream, firstVersion, lastVersion, firstPosition, lastPosition, pending, false);
    }
}
