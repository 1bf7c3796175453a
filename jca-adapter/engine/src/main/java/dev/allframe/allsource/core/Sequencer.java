package dev.allframe.allsource.core;

import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.AppendResult;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.EventIdConflictException;
import dev.allframe.allsource.ExpectedVersion;
import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.WrongExpectedVersionException;
import dev.allframe.allsource.index.EventCache;
import dev.allframe.allsource.index.EventIndex;
import dev.allframe.allsource.index.StreamEntry;
import dev.allframe.allsource.wal.BatchEncoder;
import dev.allframe.allsource.wal.WalFormat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-threaded heart of the engine: checks conditions (expected versions, reservations of
 * prepared transactions, idempotency), assigns versions and gap-free positions, encodes the
 * records and, once the batch is durable, publishes it to readers. Used by the log writer thread,
 * or under the engine lock in memory mode (then without an encoder).
 */
final class Sequencer {
    private final EventIndex index;
    private final EventCache cache;
    private final BatchEncoder enc;
    final Map<String, List<AppendRequest>> prepared = new ConcurrentHashMap<>();
    // events sequenced but not yet durable (durable mode only; memory mode publishes at once)
    private long[] pendPos = new long[0];
    private int[] pendOff = new int[0];
    private StoredEvent[] pendEvents = new StoredEvent[0];
    private int pendCount;
    private final List<Object[]> pendSnapshots = new ArrayList<>();

    /**
     * Whether streams keep their events contiguous for fast reads: always in memory mode; for a
     * durable store only while it is small (it started empty and holds at most
     * {@link #STREAM_ARRAY_LIMIT} events), since those arrays are not evicted like the cache.
     */
    private boolean streamArrays;
    static final long STREAM_ARRAY_LIMIT = 1 << 17;

    Sequencer(EventIndex index, EventCache cache, BatchEncoder enc) {
        this.index = index;
        this.cache = cache;
        this.enc = enc;
        this.streamArrays = enc == null;
    }

    /** Durable mode, after recovery: keep stream arrays only if the store is still empty. */
    void enableStreamArraysIfEmpty() {
        streamArrays = enc == null || index.writerPosition() == 0;
    }

    BatchEncoder encoder() {
        return enc;
    }

    EventIndex index() {
        return index;
    }

    // ---------------------------------------------------------------- operations

    /** Fast path for one stream (memory mode); the caller publishes. */
    AppendResult appendOne(String stream, long expected, List<EventData> events, long ts) {
        StreamEntry s = index.writerStream(stream);
        if (s == null) checkNewStream(stream);
        int n = events.size();
        if (n > 0) {
            AppendResult dup = duplicateOf(index, stream, events, false);
            if (dup != null) return dup;
        }
        long actual = check(stream, expected, s, 0);
        if (n == 0) return new AppendResult(stream, actual + 1, actual, 0, 0);
        if (n > 1) checkDistinctIds(events);
        if (s == null) s = index.streamForWrite(stream);
        return write(s, events, ts, true);
    }

    List<AppendResult> append(List<AppendRequest> requests, long ts) {
        return appendAll(requests, ts, true);
    }

    void prepare(String txId, List<AppendRequest> requests) {
        checkName("transaction id", txId);
        if (prepared.containsKey(txId)) throw new AllSourceException("transaction '" + txId + "' is already prepared");
        AppendResult[] dups = checkAll(requests);
        for (int i = 0; i < requests.size(); i++)
            if (dups[i] == null) index.streamForWrite(requests.get(i).stream()).reserve(txId);
        if (enc != null) enc.prepare(txId, requests);
        prepared.put(txId, requests);
    }

    List<AppendResult> commit(String txId, long ts) {
        List<AppendRequest> requests = prepared.get(txId);
        if (requests == null) throw new AllSourceException("no prepared transaction '" + txId + "' (already decided or never prepared)");
        duplicates(requests); // throws (changing nothing) if ids were meanwhile stored in part
        prepared.remove(txId);
        release(txId, requests);
        List<AppendResult> out = appendAll(requests, ts, false);
        if (enc != null) enc.decision(WalFormat.COMMIT_TX, txId);
        return out;
    }

    void rollback(String txId) {
        List<AppendRequest> requests = prepared.remove(txId);
        if (requests == null) throw new AllSourceException("no prepared transaction '" + txId + "' (already decided or never prepared)");
        release(txId, requests);
        if (enc != null) enc.decision(WalFormat.ROLLBACK_TX, txId);
    }

    /**
     * Saves a snapshot; with {@code onlyIfAt != 0} (carrying a snapshot out of a WAL segment about to
     * be deleted) only while the stream's latest snapshot is still the record at that locator.
     */
    void snapshot(String stream, long version, byte[] state, long onlyIfAt) {
        StreamEntry s = index.writerStream(stream);
        if (onlyIfAt != 0 && !stillLatest(s, onlyIfAt)) return;
        long current = s == null ? 0 : s.writerVersion();
        if (version < 0 || version > current)
            throw new IllegalArgumentException("snapshot version " + version + " of stream '" + stream
                    + "' is outside 0.." + current);
        if (s == null) { // version 0 of a stream without events: a named value
            checkNewStream(stream);
            s = index.streamForWrite(stream);
        }
        int off = enc == null ? -1 : enc.snapshot(stream, version, state);
        pendSnapshots.add(new Object[]{s, version, off, enc == null ? state.clone() : null});
    }

    private boolean stillLatest(StreamEntry s, long locator) {
        if (s == null || s.snapshot() == null || s.snapshot().locator() != locator) return false;
        for (Object[] pending : pendSnapshots) if (pending[0] == s) return false; // a newer one in this batch
        return true;
    }

    private void release(String txId, List<AppendRequest> requests) {
        for (AppendRequest r : requests) {
            StreamEntry s = index.writerStream(r.stream());
            if (s != null && txId.equals(s.reservedBy())) s.reserve(null);
        }
    }

    // ---------------------------------------------------------------- core

    private List<AppendResult> appendAll(List<AppendRequest> requests, long ts, boolean checkVersions) {
        AppendResult[] results = checkVersions ? checkAll(requests) : duplicates(requests);
        int remaining = 0;
        for (int i = 0; i < requests.size(); i++) if (results[i] == null) remaining += requests.get(i).events().size();
        boolean closeGroup = checkVersions; // a commit of a prepared tx ends with its COMMIT_TX record
        for (int i = 0; i < requests.size(); i++) {
            if (results[i] != null) continue;
            AppendRequest r = requests.get(i);
            StreamEntry s = index.streamForWrite(r.stream());
            if (r.events().isEmpty()) {
                results[i] = new AppendResult(r.stream(), s.writerVersion() + 1, s.writerVersion(), 0, 0);
                continue;
            }
            remaining -= r.events().size();
            results[i] = write(s, r.events(), ts, closeGroup && remaining == 0);
        }
        return Arrays.asList(results);
    }

    private AppendResult write(StreamEntry s, List<EventData> events, long ts, boolean endsGroup) {
        byte[] name = enc == null ? null : s.name().getBytes(StandardCharsets.UTF_8);
        long firstV = s.writerVersion() + 1, firstP = index.writerPosition() + 1;
        for (int i = 0, n = events.size(); i < n; i++) {
            EventData e = events.get(i);
            long v = s.writerVersion() + 1, p = index.writerPosition() + 1;
            UUID id = e.id();
            StoredEvent stored = new StoredEvent(id, s.name(), v, p, ts, e.type(), e.schemaVersion(), e.metadata(), e.payload());
            if (enc == null) cache.put(p, stored); // memory mode: the index reads it (readers only after publish())
            index.add(p, id.getMostSignificantBits(), id.getLeastSignificantBits(), s, v, ts, e.type(), 0);
            if (streamArrays) s.putEvent(v, stored); // invisible until index.publish() moves the version
            if (enc != null) pend(p, enc.event(e, name, p, v, ts, endsGroup && i == n - 1), stored);
        }
        return new AppendResult(s.name(), firstV, s.writerVersion(), firstP, index.writerPosition());
    }

    /** Checks every request; returns the idempotent results (null where new events must be written). */
    private AppendResult[] checkAll(List<AppendRequest> requests) {
        AppendResult[] dups = duplicates(requests);
        Map<String, Long> planned = requests.size() > 1 ? new HashMap<>() : null;
        int total = 0;
        for (AppendRequest r : requests) total += r.events().size();
        Set<UUID> ids = total > 1 ? new HashSet<>() : null;
        for (int i = 0; i < requests.size(); i++) {
            if (dups[i] != null) continue;
            AppendRequest r = requests.get(i);
            StreamEntry s = index.writerStream(r.stream());
            long extra = planned == null ? 0 : planned.getOrDefault(r.stream(), 0L);
            check(r.stream(), r.expectedVersion(), s, extra);
            if (planned != null) planned.merge(r.stream(), (long) r.events().size(), Long::sum);
            if (ids != null)
                for (EventData e : r.events())
                    if (!ids.add(e.id())) throw new EventIdConflictException("event id " + e.id() + " appears twice in one append");
        }
        return dups;
    }

    private long check(String stream, long expected, StreamEntry s, long extra) {
        long actual = (s == null ? 0 : s.writerVersion()) + extra;
        if (s != null && s.reservedBy() != null) throw new WrongExpectedVersionException(stream, expected, actual);
        if (!ExpectedVersion.matches(expected, actual)) throw new WrongExpectedVersionException(stream, expected, actual);
        return actual;
    }

    /** Names are stored with a 16-bit length: refuse longer ones before anything is sequenced. */
    /**
     * A stream name that did not come through {@link AppendRequest} (which checks it): the memory-mode
     * single-stream append and snapshots. Event types are checked by {@link EventData} itself.
     */
    private static void checkNewStream(String stream) {
        if (stream.isBlank()) throw new IllegalArgumentException("stream name must not be blank");
        checkName("stream name", stream);
    }

    private static void checkName(String what, String name) {
        if (name.length() > 0xFFFF / 3 && name.getBytes(StandardCharsets.UTF_8).length > 0xFFFF)
            throw new IllegalArgumentException(what + " longer than 65535 UTF-8 bytes: " + name.substring(0, 40) + "...");
    }

    private void checkDistinctIds(List<EventData> events) {
        Set<UUID> ids = new HashSet<>();
        for (EventData e : events)
            if (!ids.add(e.id())) throw new EventIdConflictException("event id " + e.id() + " appears twice in one append");
    }

    private AppendResult[] duplicates(List<AppendRequest> requests) {
        AppendResult[] out = new AppendResult[requests.size()];
        for (int i = 0; i < out.length; i++) {
            AppendRequest r = requests.get(i);
            if (!r.events().isEmpty()) out[i] = duplicateOf(index, r.stream(), r.events(), false);
        }
        return out;
    }

    /**
     * The original result if every event id is stored already, null if none is; mixed is an error.
     * The writer passes {@code publishedOnly = false} (it sees what it sequenced); other threads true.
     */
    static AppendResult duplicateOf(EventIndex index, String stream, List<EventData> events, boolean publishedOnly) {
        long first = 0, last = 0, misplacedAt = 0;
        int known = 0, misplaced = -1; // misplaced: the first event not at first + its index
        for (int i = 0, n = events.size(); i < n; i++) {
            UUID id = events.get(i).id();
            long hi = id.getMostSignificantBits(), lo = id.getLeastSignificantBits();
            long p = publishedOnly ? index.publishedPositionOf(hi, lo) : index.positionOf(hi, lo);
            if (p != 0) {
                known++;
                if (i == 0) first = p;
                else if (p != first + i && misplaced < 0) {
                    misplaced = i;
                    misplacedAt = p;
                }
                if (i == n - 1) last = p;
            }
        }
        if (known == 0) return null;
        if (known != events.size())
            throw new EventIdConflictException("append to '" + stream + "' mixes " + known + " already stored and "
                    + (events.size() - known) + " new event ids; retry with exactly the original events");
        String original = index.streamNameAt(first);
        if (!original.equals(stream))
            throw new EventIdConflictException("event id " + events.get(0).id() + " is already stored in stream '" + original
                    + "' (position " + first + "), not in '" + stream + "': an event id belongs to one stream; use a new id");
        long firstVersion = index.versionAt(first);
        for (int i = 1, n = events.size(); i < n && misplaced < 0; i++) { // a retry is the original events, in their order
            long p = first + i;
            if (!index.streamNameAt(p).equals(stream) || index.versionAt(p) != firstVersion + i) {
                misplaced = i;
                misplacedAt = p;
            }
        }
        if (misplaced >= 0)
            throw new EventIdConflictException("append to '" + stream + "' repeats stored event ids, but not as one "
                    + "earlier append in its order (event " + misplaced + ", id " + events.get(misplaced).id()
                    + ", is at position " + misplacedAt + " in stream '" + index.streamNameAt(misplacedAt)
                    + "'); retry with exactly the original events, or use new ids");
        return new AppendResult(original, firstVersion, index.versionAt(last), first, last, true);
    }

    // ---------------------------------------------------------------- publication

    private void pend(long p, int off, StoredEvent e) {
        if (pendCount == pendPos.length) {
            int n = Math.max(256, pendCount * 2);
            pendPos = Arrays.copyOf(pendPos, n);
            pendOff = Arrays.copyOf(pendOff, n);
            pendEvents = Arrays.copyOf(pendEvents, n);
        }
        pendPos[pendCount] = p;
        pendOff[pendCount] = off;
        pendEvents[pendCount++] = e;
    }

    private void dropStreamArraysIfLarge() {
        if (!streamArrays || enc == null || index.writerPosition() <= STREAM_ARRAY_LIMIT) return;
        streamArrays = false;
        for (int o = 0, n = index.streamCount(); o < n; o++) {
            StreamEntry s = index.streamByOrdinal(o);
            if (s != null) s.dropEvents();
        }
    }

    /** Publishes what was sequenced since the last call; {@code base} is the batch's locator (0 in memory mode). */
    void publish(long base) {
        for (int i = 0, n = pendCount; i < n; i++) {
            if (base != 0) index.setLocator(pendPos[i], base + pendOff[i]);
            cache.put(pendPos[i], pendEvents[i]);
            pendEvents[i] = null;
        }
        pendCount = 0;
        if (!pendSnapshots.isEmpty()) {
            for (Object[] sn : pendSnapshots) {
                int off = (Integer) sn[2];
                ((StreamEntry) sn[0]).snapshot(new StreamEntry.SnapshotRef((Long) sn[1], off < 0 ? 0 : base + off, (byte[]) sn[3]));
            }
            pendSnapshots.clear();
        }
        index.publish();
        dropStreamArraysIfLarge();
    }
}
