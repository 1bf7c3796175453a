package dev.allframe.cqrs.spi;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.StoreStats;

import java.util.List;

/**
 * What a storage backend implements: serialised events in, serialised events out. The
 * {@code EventStore} bean does serialisation, upcasting and CDI delivery on top.
 * <p>
 * Contract (checked by the shared contract test suite): stream versions 1-based; global positions
 * 1-based, gap-free, commit-ordered, never visible out of order; conditional appends atomic (of
 * racing writers with the same expectation exactly one wins); a multi-event append is all-or-none;
 * an append whose event ids are all stored already returns the original result and writes nothing.
 */
public interface EventStorageEngine {

    /** Appends, joining the caller's JTA transaction if the backend supports it. */
    AppendResult append(String stream, long expectedVersion, List<SerializedEvent> events);

    List<StoredRecord> read(String stream, ReadOptions options);

    List<StoredRecord> readAll(long fromPosition, int maxCount);

    List<StoredRecord> readByType(String type, long fromPosition, int maxCount);

    List<StoredRecord> readAsOfPosition(String stream, long position);

    List<StoredRecord> readAsOfTime(String stream, long timestampMicros);

    long version(String stream);

    long lastPosition();

    StoreStats stats();

    /** Where this backend keeps snapshots. */
    SnapshotStorage snapshots();

    /** Where this backend keeps catch-up checkpoints. */
    CheckpointStorage checkpoints();
}
