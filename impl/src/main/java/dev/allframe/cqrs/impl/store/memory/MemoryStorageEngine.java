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

import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.impl.store.CheckpointsAfterCommit;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Keeps events in memory (lost on restart): for tests and demos. Outside a JTA transaction appends
 * take effect at once. Inside one (when constructed with the container's
 * {@link TransactionSynchronizationRegistry}) they are kept aside, seen by the transaction's own
 * stream reads and versions, checked again and reserved before commit, and applied, with their
 * positions, after a successful commit; a rollback discards them.
 */
public class MemoryStorageEngine implements EventStorageEngine {
    private static final long RESERVATION_WAIT_MILLIS = 10_000;
    private final Optional<TransactionSynchronizationRegistry> jta;
    private final Map<String, TxAppends> reserved = new HashMap<>();
    private long lastMicros;

    /** An engine whose appends never join a JTA transaction. */
    public MemoryStorageEngine() {
        this(Optional.empty());
    }

    /** @param jta the container's registry: appends inside an active transaction apply on commit */
    public MemoryStorageEngine(Optional<TransactionSynchronizationRegistry> jta) {
        this.jta = jta;
        this.checkpoints = new CheckpointsAfterCommit(new MemoryCheckpointStorage(), jta);
    }

    private final List<StoredRecord> all = new ArrayList<>();
    private final Map<String, List<StoredRecord>> streams = new HashMap<>();
    private final Map<UUID, StoredRecord> byId = new HashMap<>();
    private final SnapshotStorage snapshots = new MemorySnapshotStorage();
    private final CheckpointStorage checkpoints;

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
        Optional<TxAppends> tx = currentTransaction(true);
        awaitUnreserved(stream, tx.orElse(null));
        if (tx.isPresent()) return tx.get().append(stream, expectedVersion, events);
        List<StoredRecord> s = streams.getOrDefault(stream, List.of());
        AppendResult duplicate = duplicate(stream, events);
        if (duplicate != null) return duplicate;
        long actual = s.size();
        if (!ExpectedVersion.matches(expectedVersion, actual)) throw new WrongExpectedVersionException(stream, expectedVersion, actual);
        if (events.isEmpty()) return new AppendResult(stream, actual, actual, 0, 0);
        requireNewIds(events);
        return apply(stream, actual, events);
    }

    /** Stores events after the stream's version {@code actual} (caller holds the lock and checked everything). */
    private AppendResult apply(String stream, long actual, List<SerializedEvent> events) {
        List<StoredRecord> target = streams.computeIfAbsent(stream, k -> new ArrayList<>());
        long now = lastMicros = Math.max(lastMicros, System.currentTimeMillis() * 1000);
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

    private void requireNewIds(List<SerializedEvent> events) {
        for (SerializedEvent e : events) {
            StoredRecord other = byId.get(e.id());
            if (other != null) throw new IllegalArgumentException("event id " + e.id() + " is already stored in stream '" + other.stream()
                    + "' at version " + other.version() + " as part of a different append");
        }
    }

    /** The active transaction's appends; registers them with the transaction if {@code create}. */
    private Optional<TxAppends> currentTransaction(boolean create) {
        Optional<TransactionSynchronizationRegistry> active = jta.filter(r -> r.getTransactionStatus() == Status.STATUS_ACTIVE);
        if (active.isEmpty()) return Optional.empty();
        TransactionSynchronizationRegistry registry = active.get();
        Object key = TxAppends.class.getName() + '@' + System.identityHashCode(this);
        TxAppends tx = (TxAppends) registry.getResource(key);
        if (tx == null && !create) return Optional.empty();
        if (tx == null) {
            tx = new TxAppends();
            registry.putResource(key, tx);
            registry.registerInterposedSynchronization(tx);
        }
        return Optional.of(tx);
    }

    /** Waits (holding the monitor's wait set, not the lock) while another transaction commits to the stream. */
    private void awaitUnreserved(String stream, TxAppends self) {
        long deadline = System.currentTimeMillis() + RESERVATION_WAIT_MILLIS;
        while (reserved.containsKey(stream) && reserved.get(stream) != self) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) throw new EventStoreException("ALLFRAME-0310 stream '" + stream + "' stayed reserved by a committing transaction for "
                    + RESERVATION_WAIT_MILLIS + " ms");
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventStoreException("interrupted while waiting for a commit to stream '" + stream + "'", e);
            }
        }
    }

    /** The appends of one JTA transaction: checked and reserved before commit, applied after it. */
    private final class TxAppends implements Synchronization {
        private final Map<String, List<SerializedEvent>> pending = new LinkedHashMap<>();
        private final Map<String, Long> base = new HashMap<>();
        private final Map<String, Boolean> exact = new HashMap<>();

        AppendResult append(String stream, long expectedVersion, List<SerializedEvent> events) {
            AppendResult duplicate = duplicate(stream, events);
            if (duplicate != null) return duplicate;
            List<SerializedEvent> mine = pending.getOrDefault(stream, List.of());
            long actual = streams.getOrDefault(stream, List.of()).size() + mine.size();
            if (!ExpectedVersion.matches(expectedVersion, actual)) throw new WrongExpectedVersionException(stream, expectedVersion, actual);
            if (events.isEmpty()) return new AppendResult(stream, actual, actual, 0, 0);
            requireNewIds(events);
            for (SerializedEvent e : events)
                for (List<SerializedEvent> l : pending.values())
                    if (l.stream().anyMatch(p -> p.id().equals(e.id())))
                        throw new IllegalArgumentException("event id " + e.id() + " is appended twice in one transaction");
            base.putIfAbsent(stream, actual - mine.size());
            exact.merge(stream, expectedVersion != ExpectedVersion.ANY, Boolean::logicalOr);
            pending.computeIfAbsent(stream, k -> new ArrayList<>()).addAll(events);
            return new AppendResult(stream, actual + 1, actual + events.size(), 0, 0);
        }

        List<SerializedEvent> pendingOf(String stream) {
            return pending.getOrDefault(stream, List.of());
        }

        @Override
        public void beforeCompletion() {
            synchronized (MemoryStorageEngine.this) {
                for (String stream : pending.keySet()) awaitUnreserved(stream, this);
                for (Map.Entry<String, List<SerializedEvent>> p : pending.entrySet()) {
                    long now = streams.getOrDefault(p.getKey(), List.of()).size();
                    if (exact.get(p.getKey()) && now != base.get(p.getKey()))
                        throw new WrongExpectedVersionException(p.getKey(), base.get(p.getKey()), now);
                    requireNewIds(p.getValue());
                }
                pending.keySet().forEach(stream -> reserved.put(stream, this));
            }
        }

        @Override
        public void afterCompletion(int status) {
            synchronized (MemoryStorageEngine.this) {
                try {
                    if (status == Status.STATUS_COMMITTED) {
                        pending.forEach((stream, events) -> apply(stream, streams.getOrDefault(stream, List.of()).size(), events));
                    }
                } finally {
                    reserved.values().removeIf(tx -> tx == this);
                    MemoryStorageEngine.this.notifyAll();
                }
            }
        }
    }

    @Override
    public synchronized List<StoredRecord> read(String stream, ReadOptions o) {
        List<StoredRecord> s = withPending(stream);
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
        return withPending(stream).size();
    }

    /** The committed stream plus this transaction's pending events of it (position 0). */
    private List<StoredRecord> withPending(String stream) {
        List<StoredRecord> committed = streams.getOrDefault(stream, List.of());
        if (jta.isEmpty()) return committed;
        List<SerializedEvent> mine = currentTransaction(false).map(tx -> tx.pendingOf(stream)).orElse(List.of());
        if (mine.isEmpty()) return committed;
        List<StoredRecord> out = new ArrayList<>(committed);
        for (SerializedEvent e : mine)
            out.add(new StoredRecord(e.id(), stream, out.size() + 1, 0, 0, e.type(), e.schemaVersion(), e.metadataJson(), e.payloadJson()));
        return out;
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
