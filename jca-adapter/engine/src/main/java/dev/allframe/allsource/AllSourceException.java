package dev.allframe.allsource;

/** Base class of every error the engine reports. */
public class AllSourceException extends RuntimeException {
    public AllSourceException(String message) {
        super(message);
    }

    public AllSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
