package dev.allframe.cqrs;

import jakarta.ejb.ApplicationException;

/** Base of every error the event store reports; rolls back the surrounding transaction. */
@ApplicationException(rollback = true, inherited = true)
public class EventStoreException extends RuntimeException {
    public EventStoreException(String message) {
        super(message);
    }

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
