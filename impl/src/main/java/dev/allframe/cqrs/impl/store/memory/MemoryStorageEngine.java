package dev.allframe.cqrs.impl.store.memory;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.StoreStats;
import dev.allframe.cqrs.WrongExpectedVersionException;
import dev.allframe.cqrs.spi.CheckpointStorage;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.spi.SnapshotStorage;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Keeps events in memory (lost on restart): for tests and demos. Appends take effect at once;
 * they do not join JTA transactions.
 */
public class MemoryStorageEngine implements EventStorageEngine {
    private final List<StoredRecord> all = new ArrayList<>();
    private final Map<String, List<StoredRecord>> streams = new HashMap<>();
    private final Map<UUID, StoredRecord> byId = new HashMap<>();
    private final SnapshotStorage snapshots = new MemorySnapshotStorage();
    private final CheckpointStorage checkpoints = new MemoryCheckpointStorage();

    @Override
    public SnapshotStorage snapshots() {
        return snapshots;
    }

    @Override
    public CheckpointStorage checkpoints() {
        return checkpoints;
    }

    @Override
    public synchronized AppendResult append(String stream, long expectedVersion, List<SerializedEvent> events) {
        List<StoredRecord> s = streams.getOrDefault(stream, List.of());
        AppendResult duplicate = duplicate(stream, events);
        if (duplicate != null) return duplicate;
        long actual = s.size();
        if (!ExpectedVersion.matches(expectedVersion, actual)) throw new WrongExpectedVersionException(stream, expectedVersion, actual);
        if (events.isEmpty()) return new AppendResult(stream, actual, actual, 0, 0);
        for (SerializedEvent e : events) {
            StoredRecord other = byId.get(e.id());
            if (other != null) throw new IllegalArgumentException("event id " + e.id() + " is already stored in stream '" + other.stream()
                    + "' at version " + other.version() + " as part of a different append");
        }
        List<StoredRecord> target = streams.computeIfAbsent(stream, k -> new ArrayList<>());
        long now = System.currentTimeMillis() * 1000;
        long firstPosition = all.size() + 1;
        for (SerializedEvent e : events) {
            StoredRecord r = new StoredRecord(e.id(), stream, target.size() + 1, all.size() + 1, now, e.type(), e.schemaVersion(),
                    e.metadataJson(), e.payloadJson());
            target.add(r);
            all.add(r);
            byId.put(e.id(), r);
        }
        return new AppendResult(stream, actual + 1, target.size(), firstPosition, all.size());
    }

    private AppendResult duplicate(String stream, List<SerializedEvent> events) {
        if (events.isEmpty() || !byId.containsKey(events.get(0).id())) return null;
        StoredRecord first = byId.get(events.get(0).id());
        StoredRecord last = byId.get(events.get(events.size() - 1).id());
        if (last == null || !first.stream().equals(stream))
            throw new IllegalArgumentException("event id " + events.get(0).id() + " is already stored in stream '" + first.stream() + "'");
        return new AppendResult(stream, first.version(), last.version(), first.position(), last.position(), true);
    }

    @Override
    public synchronized List<StoredRecord> read(String stream, ReadOptions o) {
        List<StoredRecord> s = streams.getOrDefault(stream, List.of());
        List<StoredRecord> out = new ArrayList<>();
        if (o.backward()) {
            for (long v = Math.min(o.fromVersion(), s.size()); v >= 1 && out.size() < o.maxCount(); v--) out.add(s.get((int) v - 1));
        } else {
            for (long v = Math.max(1, o.fromVersion()); v <= s.size() && out.size() < o.maxCount(); v++) out.add(s.get((int) v - 1));
        }
        return out;
    }

    @Override
    public synchronized List<StoredRecord> readAll(long fromPosition, int maxCount) {
        int from = (int) Math.min(all.size(), Math.max(0, fromPosition - 1));
        return List.copyOf(all.subList(from, (int) Math.min(all.size(), (long) from + maxCount)));
    }

    @Override
    public synchronized List<StoredRecord> readByType(String type, long fromPosition, int maxCount) {
        return filter(all, r -> r.position() >= fromPosition && r.type().equals(type), maxCount);
    }

    @Override
    public synchronized List<StoredRecord> readAsOfPosition(String stream, long position) {
        return filter(streams.getOrDefault(stream, List.of()), r -> r.position() <= position, Integer.MAX_VALUE);
    }

    @Override
    public synchronized List<StoredRecord> readAsOfTime(String stream, long timestampMicros) {
        return filter(streams.getOrDefault(stream, List.of()), r -> r.timestampMicros() <= timestampMicros, Integer.MAX_VALUE);
    }

    private static List<StoredRecord> filter(List<StoredRecord> source, Predicate<StoredRecord> p, int max) {
        return source.stream().filter(p).limit(max).toList();
    }

    @Override
    public synchronized long version(String stream) {
        return streams.getOrDefault(stream, List.of()).size();
    }

    @Override
    public synchronized long lastPosition() {
        return all.size();
    }

    @Override
    public synchronized StoreStats stats() {
        return new StoreStats(all.size(), streams.size(), all.size());
    }
}
