package dev.allframe.allsource;

/**
 * Outcome of one stream append: the versions and global positions the events received.
 * For an empty append (or an idempotent repeat of an already stored append) the values are
 * those of the original events; {@code firstPosition == 0} means nothing was written.
 */
public record AppendResult(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition) {
}
