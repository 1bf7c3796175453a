package dev.allframe.allsource;

/** A conditional append lost: the stream was not at the expected version. */
public class WrongExpectedVersionException extends AllSourceException {
    private final String stream;
    private final long expected;
    private final long actual;

    public WrongExpectedVersionException(String stream, long expected, long actual) {
        super("stream '" + stream + "': expected version " + ExpectedVersion.describe(expected) + " but was " + actual);
        this.stream = stream;
        this.expected = expected;
        this.actual = actual;
    }

    public String stream() { return stream; }

    public long expected() { return expected; }

    public long actual() { return actual; }
}
