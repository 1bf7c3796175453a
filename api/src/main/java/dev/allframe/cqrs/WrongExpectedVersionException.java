package dev.allframe.cqrs;

/** An append lost an optimistic-concurrency race: the stream was not at the expected version. */
public class WrongExpectedVersionException extends EventStoreException {
    private final String stream;
    private final long expected;
    private final long actual;

    public WrongExpectedVersionException(String stream, long expected, long actual) {
        super("stream '" + stream + "': expected version " + ExpectedVersion.describe(expected) + " but it is at " + actual);
        this.stream = stream;
        this.expected = expected;
        this.actual = actual;
    }

    public String stream() { return stream; }

    public long expected() { return expected; }

    public long actual() { return actual; }
}
