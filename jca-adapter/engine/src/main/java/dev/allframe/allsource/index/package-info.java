/**
 * In-memory index of a store: per position the event's id, stream, version, timestamp, type and
 * log locator (not its body), per stream its positions, per id its position. One writer, many
 * lock-free readers; publication by release/acquire of the last published position.
 */
package dev.allframe.allsource.index;
