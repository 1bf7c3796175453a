package dev.allframe.allsource.client;

/**
 * Result of an append. When {@code pending} is true the append waits for its transaction to
 * commit: versions are those it will get, positions are 0 (assigned at commit).
 */
public record AppendOutcome(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition,
                            boolean pending) {
}
