package dev.allframe.allsource;

/**
 * Expected-version constants for conditional appends. Stream versions are 1-based,
 * so an exact expectation of {@code 0} means "the stream has no events yet".
 */
public final class ExpectedVersion {
    /** No check. */
    public static final long ANY = -1;
    /** The stream must already have at least one event. */
    public static final long EXISTS = -2;
    /** The stream must not exist yet (same as exact version 0). */
    public static final long NO_STREAM = 0;

    private ExpectedVersion() {
    }

    /** Human-readable form used in error messages. */
    public static String describe(long expected) {
        if (expected == ANY) return "ANY";
        if (expected == EXISTS) return "EXISTS";
        if (expected == NO_STREAM) return "NO_STREAM";
        return Long.toString(expected);
    }

    /** Throws {@link IllegalArgumentException} if {@code expected} is not a valid expectation. */
    public static void validate(long expected) {
        if (expected < EXISTS) throw new IllegalArgumentException("invalid expected version " + expected);
    }

    /** Whether a stream currently at {@code actual} (0 = empty) satisfies {@code expected}. */
    public static boolean matches(long expected, long actual) {
        if (expected == ANY) return true;
        if (expected == EXISTS) return actual > 0;
        return expected == actual;
    }
}
