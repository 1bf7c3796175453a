package dev.allframe.cqrs;

import java.util.function.Consumer;

/**
 * Catch-up subscriptions over the global log: each named subscription keeps a checkpoint (the last
 * position it handled) and is fed every later event in position order, upcasted, never skipping
 * a position. Delivery is at least once: the checkpoint advances after the handler returned.
 */
public interface CatchUpSubscriptions {
    /**
     * Feeds {@code handler} every event after the subscription's checkpoint until the log's end,
     * storing the checkpoint as it goes; returns the new checkpoint. If the handler throws, the
     * checkpoint stays at the last event it handled and the exception propagates.
     */
    long catchUp(String subscription, Consumer<EventEnvelope<?>> handler);

    /** The last position the subscription handled (0: none). */
    long checkpoint(String subscription);

    /** Moves the checkpoint, e.g. back to 0 to rebuild a projection. */
    void reset(String subscription, long position);
}
