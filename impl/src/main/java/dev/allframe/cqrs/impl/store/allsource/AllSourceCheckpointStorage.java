package dev.allframe.cqrs.impl.store.allsource;

import dev.allframe.allsource.client.AppendOutcome;
import dev.allframe.allsource.client.NewRecord;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.spi.CheckpointStorage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Checkpoints kept in the AllSource store itself, so they survive a restart and are written to the
 * same log as the events they point at (a recovered checkpoint is never ahead of the recovered
 * events). Each subscription has an internal stream {@code $allframe-checkpoint-<name>} holding
 * one marker event (written once, with an id derived from the name, so concurrent first saves
 * store it once); the checkpoint is that stream's snapshot, which the engine replaces on every
 * save without using a global position. Saves are not transactional (snapshots are not): wrap in
 * {@link dev.allframe.cqrs.impl.store.CheckpointsAfterCommit} to tie them to a JTA transaction.
 */
final class AllSourceCheckpointStorage implements CheckpointStorage {
    static final String STREAM_PREFIX = DefaultEventStore.RESERVED_STREAM_PREFIX + "checkpoint-";
    static final String MARKER_TYPE = "AllFrameCheckpointStream";

    private final AllSourceStorageEngine store;

    AllSourceCheckpointStorage(AllSourceStorageEngine store) {
        this.store = store;
    }

    static String streamOf(String subscription) {
        return STREAM_PREFIX + subscription;
    }

    @Override
    public long load(String subscription) {
        return store.with(c -> c.loadSnapshot(streamOf(subscription)))
                .map(s -> parse(subscription, new String(s.state(), StandardCharsets.UTF_8)))
                .orElse(0L);
    }

    @Override
    public void save(String subscription, long position) {
        String stream = streamOf(subscription);
        byte[] state = Json.createObjectBuilder().add("position", position).build().toString().getBytes(StandardCharsets.UTF_8);
        store.with(c -> {
            if (c.streamVersion(stream) == 0) {
                UUID id = UUID.nameUUIDFromBytes(stream.getBytes(StandardCharsets.UTF_8));
                byte[] marker = Json.createObjectBuilder().add("subscription", subscription).build().toString().getBytes(StandardCharsets.UTF_8);
                AppendOutcome o = c.append(stream, ExpectedVersion.ANY, List.of(new NewRecord(id, MARKER_TYPE, 1, new byte[0], marker)));
                if (o.pending())
                    throw new EventStoreException("ALLFRAME-0604 the first checkpoint of subscription '" + subscription
                            + "' cannot be saved inside a transaction on this AllSource store without a transaction registry");
            }
            c.saveSnapshot(stream, 1, state);
            return null;
        });
    }

    private static long parse(String subscription, String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            JsonObject o = r.readObject();
            return o.getJsonNumber("position").longValueExact();
        } catch (RuntimeException e) {
            throw new EventStoreException("ALLFRAME-0605 the stored checkpoint of subscription '" + subscription + "' is unreadable: " + json, e);
        }
    }
}
