package dev.allframe.allsource.client;

/** A conditional append lost: the stream was not at the expected version. */
public class VersionConflictException extends AllSourceClientException {
    private final String stream;
    private final long expected;
    private final long actual;

    public VersionConflictException(String stream, long expected, long actual, String message) {
        super(message);
        this.stream = stream;
        this.expected = expected;
        this.actual = actual;
    }

    public String stream() { return stream; }

    public long expected() { return expected; }

    public long actual() { return actual; }
}
