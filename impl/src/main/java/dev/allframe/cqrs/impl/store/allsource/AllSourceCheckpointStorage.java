package dev.allframe.cqrs.impl.store.allsource;

import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.spi.CheckpointStorage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Checkpoints kept in the AllSource store itself, so they survive a restart and are written to the
 * same log as the events they point at (a recovered checkpoint is never ahead of the recovered
 * events). Each subscription's checkpoint is the snapshot at version 0 of an internal stream
 * {@code $allframe-checkpoint-<name>}, which holds no event: saving it writes one log record and
 * takes no global position. (Stores written by earlier versions hold one marker event of type
 * {@value #MARKER_TYPE} in that stream; it stays, harmless, and catch-up handlers never get it.)
 * Saves are not transactional (snapshots are not): wrap in
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
            c.saveSnapshot(stream, 0, state); // version 0: a value of its own, no event (see the class comment)
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
