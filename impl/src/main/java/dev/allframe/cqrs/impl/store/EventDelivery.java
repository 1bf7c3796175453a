package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.AppendResult;

import java.util.List;
import java.util.UUID;

/** Told about every append that wrote events; delivers them once they are committed. */
public interface EventDelivery {
    /** Delivers nothing (tests, tools). */
    EventDelivery NONE = (store, result, ids) -> { };

    /**
     * Called right after an append that wrote events (not for one the backend reported as an
     * idempotent retry).
     *
     * @param store  where to read the events back once committed (with positions and upcasted)
     * @param result what the append returned (inside a transaction: the versions it expects)
     * @param ids    the ids of the appended events, in order: what to deliver
     */
    void appended(DefaultEventStore store, AppendResult result, List<UUID> ids);
}
