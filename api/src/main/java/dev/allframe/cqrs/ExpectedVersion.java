package dev.allframe.cqrs;

/**
 * Expected-version values for {@link EventStore#append}. Stream versions start at 1, so
 * {@code 0} (= {@link #NO_STREAM}) means "the stream has no events"; any value {@code >= 0}
 * is an exact expectation.
 */
public final class ExpectedVersion {
    /** Append whatever the stream's version. */
    public static final long ANY = -1;
    /** The stream must have at least one event. */
    public static final long EXISTS = -2;
    /** The stream must not have any event yet. */
    public static final long NO_STREAM = 0;

    private ExpectedVersion() {
    }

    /** Readable form for messages: {@code ANY}, {@code EXISTS}, {@code NO_STREAM} or the number. */
    public static String describe(long expected) {
        if (expected == ANY) return "ANY";
        if (expected == EXISTS) return "EXISTS";
        if (expected == NO_STREAM) return "NO_STREAM";
        return Long.toString(expected);
    }

    /** Rejects values below {@link #EXISTS}. */
    public static long requireValid(long expected) {
        if (expected < EXISTS) throw new IllegalArgumentException("invalid expected version " + expected
                + " (use a version >= 0, ExpectedVersion.ANY or ExpectedVersion.EXISTS)");
        return expected;
    }

    /** Whether a stream at {@code actual} satisfies {@code expected}. */
    public static boolean matches(long expected, long actual) {
        if (expected == ANY) return true;
        if (expected == EXISTS) return actual > 0;
        return expected == actual;
    }
}
