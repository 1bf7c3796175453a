package dev.allframe.allsource;

/**
 * The event ids of an append do not fit what is stored: some are stored already and some are new,
 * one is stored in another stream, or one appears twice in the append. Nothing was appended; the
 * caller must send either exactly the original events (an idempotent retry) or events with new ids.
 */
public final class EventIdConflictException extends AllSourceException {
    public EventIdConflictException(String message) {
        super(message);
    }
}
