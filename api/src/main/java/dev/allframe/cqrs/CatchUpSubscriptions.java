package dev.allframe.cqrs;

import java.util.function.Consumer;

/**
 * Catch-up subscriptions over the global log: each named subscription keeps a checkpoint (the last
 * position it handled) and is fed every later event in position order, upcasted, never skipping
 * a position. Delivery is at least once: the checkpoint advances after the handler returned.
 * <p>
 * Checkpoints are stored by the backend (the {@code jpa} table, the {@code allsource} store; the
 * {@code memory} backend loses them on restart). Inside a JTA transaction a checkpoint is stored
 * when the transaction commits and forgotten when it rolls back, so a read model updated in the
 * same transaction and its checkpoint stay together. An event the application cannot read (see
 * {@link UnknownEventTypeException}) stops the subscription right before it, with an error naming
 * the subscription and the position; it resumes there once the event can be read. Events of
 * AllFrame's own streams (names starting with {@code $allframe-}) are not fed to handlers.
 */
public interface CatchUpSubscriptions {
    /**
     * Feeds {@code handler} every event after the subscription's checkpoint until the log's end,
     * storing the checkpoint as it goes; returns the new checkpoint. If the handler throws, the
     * checkpoint stays at the last event it handled and the exception propagates.
     *
     * @throws EventStoreException (ALLFRAME-0602) after handling the events before one that cannot be read
     */
    long catchUp(String subscription, Consumer<EventEnvelope<?>> handler);

    /** The last position the subscription handled (0: none). */
    long checkpoint(String subscription);

    /** Moves the checkpoint, e.g. back to 0 to rebuild a projection. */
    void reset(String subscription, long position);
}
