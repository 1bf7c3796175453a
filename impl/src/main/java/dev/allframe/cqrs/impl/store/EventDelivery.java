package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventStore;

/** Told about every append that wrote events; delivers them once they are committed. */
public interface EventDelivery {
    /** Delivers nothing (tests, tools). */
    EventDelivery NONE = (store, result) -> { };

    /**
     * Called right after a successful append that wrote events (never for idempotent retries).
     *
     * @param store  where to read the events back once committed (with positions and upcasted)
     * @param result what the append wrote
     */
    void appended(EventStore store, AppendResult result);
}
