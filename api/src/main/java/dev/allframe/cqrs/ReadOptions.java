package dev.allframe.cqrs;

/**
 * Which part of a stream to read.
 *
 * @param fromVersion first version to return (inclusive); for backward reads {@code Long.MAX_VALUE} means "from the end"
 * @param maxCount    at most this many events
 * @param backward    newest first
 * <p>Start from {@link #forwards()} or {@link #backwards()} and narrow with {@link #from} and {@link #max}.
 */
public record ReadOptions(long fromVersion, int maxCount, boolean backward) {
    public ReadOptions {
        if (fromVersion < 0) throw new IllegalArgumentException("fromVersion must be >= 0, was " + fromVersion);
        if (maxCount < 0) throw new IllegalArgumentException("maxCount must be >= 0, was " + maxCount);
    }

    public static ReadOptions forwards() {
        return new ReadOptions(1, Integer.MAX_VALUE, false);
    }

    public static ReadOptions backwards() {
        return new ReadOptions(Long.MAX_VALUE, Integer.MAX_VALUE, true);
    }

    public ReadOptions from(long version) {
        return new ReadOptions(version, maxCount, backward);
    }

    public ReadOptions max(int count) {
        return new ReadOptions(fromVersion, count, backward);
    }
}
