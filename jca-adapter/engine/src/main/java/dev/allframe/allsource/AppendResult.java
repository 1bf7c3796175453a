package dev.allframe.allsource;

/**
 * Outcome of one stream append: the versions and global positions the events received.
 * For an empty append the versions say where the stream stands and {@code firstPosition == 0}
 * (nothing was written). For an idempotent repeat of an already stored append
 * ({@code alreadyStored}) the values are those of the original events and nothing was written.
 */
public record AppendResult(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition,
                           boolean alreadyStored) {
    /** The outcome of an append that wrote its events (or an empty one). */
    public AppendResult(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition) {
        this(stream, firstVersion, lastVersion, firstPosition, lastPosition, false);
    }
}
