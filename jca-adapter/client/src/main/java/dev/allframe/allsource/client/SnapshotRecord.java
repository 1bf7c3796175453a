package dev.allframe.allsource.client;

/** The latest snapshot of a stream's state at a version. */
public record SnapshotRecord(String stream, long version, byte[] state) {
}
