package dev.allframe.cqrs.impl.store.allsource;

import dev.allframe.allsource.client.AllSourceClientException;
import dev.allframe.allsource.client.AllSourceConnection;
import dev.allframe.allsource.client.AllSourceConnectionFactory;
import dev.allframe.allsource.client.AppendOutcome;
import dev.allframe.allsource.client.NewRecord;
import dev.allframe.allsource.client.Record;
import dev.allframe.allsource.client.StoreCounts;
import dev.allframe.allsource.client.VersionConflictException;
import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.StoreStats;
import dev.allframe.cqrs.WrongExpectedVersionException;
import dev.allframe.cqrs.impl.store.CheckpointsAfterCommit;
import dev.allframe.cqrs.spi.CheckpointStorage;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.spi.SnapshotStorage;
import dev.allframe.cqrs.spi.StoredSnapshot;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Backend on the AllSource store through its JCA resource adapter: appends join the caller's
 * JTA transaction (XA) and become visible, with their positions, when it commits.
 * <p>
 * An idempotent retry (every event id stored already) is answered by the store with the original
 * versions and positions and {@code alreadyStored}, inside a transaction too when the original is
 * committed. A retry made while the original is still uncommitted in another transaction is
 * buffered like a new append; the store writes nothing for it at commit. CDI delivery does not
 * depend on the flag: it fires only the events an append actually stored, found by id after commit.
 */
public class AllSourceStorageEngine implements EventStorageEngine {
    private final AllSourceConnectionFactory factory;
    private final CheckpointStorage checkpoints;

    /** A backend whose checkpoint saves are not tied to JTA transactions (tests, tools). */
    public AllSourceStorageEngine(AllSourceConnectionFactory factory) {
        this(factory, Optional.empty());
    }

    /** @param jta the container's registry: checkpoints saved inside a transaction are stored when it commits */
    public AllSourceStorageEngine(AllSourceConnectionFactory factory, Optional<TransactionSynchronizationRegistry> jta) {
        this.factory = factory;
        this.checkpoints = new CheckpointsAfterCommit(new AllSourceCheckpointStorage(this), jta);
    }

    <T> T with(Function<AllSourceConnection, T> op) {
        try (AllSourceConnection c = factory.getConnection()) {
            return op.apply(c);
        } catch (VersionConflictException e) {
            throw new WrongExpectedVersionException(e.stream(), e.expected(), e.actual());
        } catch (AllSourceClientException e) {
            throw new EventStoreException("AllSource: " + e.getMessage(), e);
        }
    }

    /** Absolute data directory of the store behind the connection factory. */
    public String directory() {
        return with(AllSourceConnection::directory);
    }

    @Override
    public AppendResult append(String stream, long expectedVersion, List<SerializedEvent> events) {
        List<NewRecord> records = events.stream().map(e -> new NewRecord(e.id(), e.type(), e.schemaVersion(),
                e.metadataJson().getBytes(StandardCharsets.UTF_8), e.payloadJson().getBytes(StandardCharsets.UTF_8))).toList();
        AppendOutcome o = with(c -> c.append(stream, expectedVersion, records));
        if (events.isEmpty()) return new AppendResult(o.stream(), o.lastVersion(), o.lastVersion(), 0, 0);
        return new AppendResult(o.stream(), o.firstVersion(), o.lastVersion(), o.firstPosition(), o.lastPosition(), o.alreadyStored());
    }

    @Override
    public List<StoredRecord> read(String stream, ReadOptions o) {
        return map(with(c -> c.readStream(stream, o.fromVersion(), o.maxCount(), o.backward())));
    }

    @Override
    public List<StoredRecord> readAll(long fromPosition, int maxCount) {
        return map(with(c -> c.readAll(fromPosition, maxCount)));
    }

    @Override
    public List<StoredRecord> readByType(String type, long fromPosition, int maxCount) {
        return map(with(c -> c.readByType(type, fromPosition, maxCount)));
    }

    @Override
    public List<StoredRecord> readAsOfPosition(String stream, long position) {
        return map(with(c -> c.readAsOfPosition(stream, position)));
    }

    @Override
    public List<StoredRecord> readAsOfTime(String stream, long timestampMicros) {
        return map(with(c -> c.readAsOfTime(stream, timestampMicros)));
    }

    @Override
    public long version(String stream) {
        return with(c -> c.streamVersion(stream));
    }

    @Override
    public long lastPosition() {
        return with(AllSourceConnection::lastPosition);
    }

    @Override
    public StoreStats stats() {
        StoreCounts s = with(AllSourceConnection::stats);
        return new StoreStats(s.events(), s.streams(), s.lastPosition());
    }

    /** Snapshots through the connection (not transactional: they are caches); the state type is kept as a length-prefixed header. */
    @Override
    public SnapshotStorage snapshots() {
        return new SnapshotStorage() {
            @Override
            public void save(StoredSnapshot s) {
                byte[] state = (s.type().length() + ":" + s.type() + s.stateJson()).getBytes(StandardCharsets.UTF_8);
                with(c -> {
                    // the engine replaces unconditionally; keep a newer snapshot (best effort, snapshots are caches)
                    if (c.loadSnapshot(s.stream()).filter(old -> old.version() >= s.version()).isEmpty())
                        c.saveSnapshot(s.stream(), s.version(), state);
                    return null;
                });
            }

            @Override
            public Optional<StoredSnapshot> load(String stream) {
                return with(c -> c.loadSnapshot(stream)).map(r -> {
                    String text = new String(r.state(), StandardCharsets.UTF_8);
                    int colon = text.indexOf(':');
                    int length = Integer.parseInt(text.substring(0, colon));
                    return new StoredSnapshot(r.stream(), r.version(), text.substring(colon + 1, colon + 1 + length),
                            text.substring(colon + 1 + length));
                });
            }
        };
    }

    /**
     * Checkpoints kept in the store as snapshots of internal streams {@code $allframe-checkpoint-<name>}
     * (see {@link AllSourceCheckpointStorage}): they survive a restart; inside a JTA transaction they
     * are stored when it commits.
     */
    @Override
    public CheckpointStorage checkpoints() {
        return checkpoints;
    }

    private static List<StoredRecord> map(List<Record> records) {
        return records.stream().map(r -> new StoredRecord(r.id(), r.stream(), r.version(), r.position(), r.timestampMicros(),
                r.type(), r.schemaVersion(), new String(r.metadata(), StandardCharsets.UTF_8),
                new String(r.payload(), StandardCharsets.UTF_8))).toList();
    }
}
