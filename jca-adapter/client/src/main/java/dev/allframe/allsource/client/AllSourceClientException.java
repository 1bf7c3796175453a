package dev.allframe.allsource.client;

/** An AllSource operation failed; the message says why and, where it helps, what to do. */
public class AllSourceClientException extends RuntimeException {
    public AllSourceClientException(String message) {
        super(message);
    }

    public AllSourceClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
