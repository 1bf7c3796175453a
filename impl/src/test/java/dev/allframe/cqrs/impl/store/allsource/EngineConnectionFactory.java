package dev.allframe.cqrs.impl.store.allsource;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.WrongExpectedVersionException;
import dev.allframe.allsource.client.AllSourceClientException;
import dev.allframe.allsource.client.AllSourceConnection;
import dev.allframe.allsource.client.AllSourceConnectionFactory;
import dev.allframe.allsource.client.AppendOutcome;
import dev.allframe.allsource.client.NewRecord;
import dev.allframe.allsource.client.Record;
import dev.allframe.allsource.client.SnapshotRecord;
import dev.allframe.allsource.client.StoreCounts;
import dev.allframe.allsource.client.VersionConflictException;

import javax.naming.Reference;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The AllSource client API straight over an engine opened with {@code AllSource.open(...)}, without
 * the resource adapter: lets {@code AllSourceStorageEngine} run the backend contract outside the
 * container (no transactions here; the adapter's JTA/XA path is covered by the Arquillian tests).
 */
final class EngineConnectionFactory implements AllSourceConnectionFactory {
    private final transient AllSource engine;
    private final String directory;

    EngineConnectionFactory(AllSource engine, String directory) {
        this.engine = engine;
        this.directory = directory;
    }

    @Override
    public Reference getReference() {
        throw new UnsupportedOperationException("not bound in JNDI in tests");
    }

    @Override
    public AllSourceConnection getConnection() {
        return new AllSourceConnection() {
            @Override
            public AppendOutcome append(String stream, long expectedVersion, List<NewRecord> events) {
                List<EventData> data = events.stream().map(e -> new EventData(e.id(), e.type(), e.schemaVersion(), e.metadata(), e.payload())).toList();
                dev.allframe.allsource.AppendResult r = call(() -> engine.append(stream, expectedVersion, data));
                return new AppendOutcome(r.stream(), r.firstVersion(), r.lastVersion(), r.firstPosition(), r.lastPosition(), false, r.alreadyStored());
            }

            @Override
            public List<Record> readStream(String stream, long fromVersion, int maxCount, boolean backward) {
                return map(call(() -> engine.readStream(stream, fromVersion, maxCount, backward)));
            }

            @Override
            public List<Record> readAll(long fromPosition, int maxCount) {
                return map(call(() -> engine.readAll(fromPosition, maxCount)));
            }

            @Override
            public List<Record> readByType(String type, long fromPosition, int maxCount) {
                return map(call(() -> engine.readByType(type, fromPosition, maxCount)));
            }

            @Override
            public List<Record> readAsOfPosition(String stream, long position) {
                return map(call(() -> engine.readStreamAsOfPosition(stream, position)));
            }

            @Override
            public List<Record> readAsOfTime(String stream, long timestampMicros) {
                return map(call(() -> engine.readStreamAsOfTime(stream, timestampMicros)));
            }

            @Override
            public long streamVersion(String stream) {
                return call(() -> engine.streamVersion(stream));
            }

            @Override
            public long lastPosition() {
                return engine.lastPosition();
            }

            @Override
            public StoreCounts stats() {
                AllSource.Stats s = engine.stats();
                return new StoreCounts(s.events(), s.streams(), engine.lastPosition(), s.bytes(), s.segments());
            }

            @Override
            public void saveSnapshot(String stream, long version, byte[] state) {
                call(() -> {
                    engine.saveSnapshot(stream, version, state);
                    return null;
                });
            }

            @Override
            public Optional<SnapshotRecord> loadSnapshot(String stream) {
                return engine.loadSnapshot(stream).map(s -> new SnapshotRecord(s.stream(), s.version(), s.state()));
            }

            @Override
            public String directory() {
                return directory;
            }

            @Override
            public void close() {
                // nothing pooled: the engine stays open until the test closes it
            }
        };
    }

    private static <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (WrongExpectedVersionException e) {
            throw new VersionConflictException(e.stream(), e.expected(), e.actual(), e.getMessage());
        } catch (AllSourceException e) {
            throw new AllSourceClientException(e.getMessage(), e);
        }
    }

    private static List<Record> map(List<StoredEvent> events) {
        return events.stream().map(e -> new Record(e.id(), e.stream(), e.version(), e.position(), e.timestampMicros(), e.type(),
                e.schemaVersion(), e.metadata(), e.payload())).toList();
    }
}
