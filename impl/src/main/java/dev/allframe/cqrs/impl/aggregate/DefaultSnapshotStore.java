package dev.allframe.cqrs.impl.aggregate;

import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.Snapshot;
import dev.allframe.cqrs.SnapshotStore;
import dev.allframe.cqrs.spi.SnapshotStorage;
import dev.allframe.cqrs.spi.StoredSnapshot;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Snapshots as JSON (JSON-B) in the backend's {@link SnapshotStorage}. A snapshot of another class,
 * or one that no longer reads as the class (its shape changed), counts as absent: the aggregate is
 * then replayed from its first event, which is always correct.
 */
public class DefaultSnapshotStore implements SnapshotStore {
    private static final Logger LOG = Logger.getLogger(DefaultSnapshotStore.class.getName());
    private final SnapshotStorage storage;
    private final Jsonb jsonb = JsonbBuilder.create();

    public DefaultSnapshotStore(SnapshotStorage storage) {
        this.storage = storage;
    }

    @Override
    public void save(String stream, long version, Object state) {
        Objects.requireNonNull(state, "state");
        if (stream == null || stream.isBlank()) throw new IllegalArgumentException("stream name must not be blank");
        String json;
        try {
            json = jsonb.toJson(state);
        } catch (JsonbException e) {
            throw new EventStoreException("ALLFRAME-0501 cannot serialise a snapshot of " + state.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
        storage.save(new StoredSnapshot(stream, version, state.getClass().getName(), json));
    }

    @Override
    public <S> Optional<Snapshot<S>> load(String stream, Class<S> type) {
        Optional<StoredSnapshot> stored = storage.load(stream);
        if (stored.isEmpty() || !stored.get().type().equals(type.getName())) return Optional.empty();
        try {
            return Optional.of(new Snapshot<>(stream, stored.get().version(), jsonb.fromJson(stored.get().stateJson(), type)));
        } catch (JsonbException e) {
            LOG.log(Level.WARNING, "ALLFRAME-0502 snapshot of '" + stream + "' at v" + stored.get().version() + " no longer reads as "
                    + type.getName() + "; replaying the stream from its first event instead", e);
            return Optional.empty();
        }
    }
}
