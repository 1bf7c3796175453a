package dev.allframe.allsource.jca;

import dev.allframe.allsource.AppendRequest;
import dev.allframe.allsource.EventData;
import dev.allframe.allsource.EventIdConflictException;
import dev.allframe.allsource.ExpectedVersion;
import dev.allframe.allsource.WrongExpectedVersionException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;

/**
 * The appends of one transaction branch, merged per stream so the engine can commit them as one
 * atomic multi-stream append. Expectations are checked eagerly (fail fast) and again, atomically,
 * by the engine at prepare/commit.
 */
final class PendingAppends {
    private final Map<String, Entry> byStream = new LinkedHashMap<>();
    private final Set<UUID> ids = new HashSet<>(); // of all pending events: an id may appear once per transaction
    private volatile boolean prepared;

    private static final class Entry {
        long expected;          // expectation on the committed version, as sent to the engine
        final long committedSeen; // committed version when first appended in this branch
        final List<EventData> events = new ArrayList<>();

        Entry(long expected, long committedSeen) {
            this.expected = expected;
            this.committedSeen = committedSeen;
        }
    }

    /**
     * Adds an append; returns the version of its first event.
     *
     * @param committedVersion the store's committed version of a stream
     */
    synchronized long add(String stream, long expected, List<EventData> events, ToLongFunction<String> committedVersion) {
        Set<UUID> fresh = new HashSet<>();
        for (EventData d : events)
            if (ids.contains(d.id()) || !fresh.add(d.id()))
                throw new EventIdConflictException("event id " + d.id() + " appears twice in one transaction's appends;"
                        + " every event needs an id of its own");
        Entry e = byStream.get(stream);
        long committed = e == null ? committedVersion.applyAsLong(stream) : e.committedSeen;
        long current = committed + (e == null ? 0 : e.events.size());
        if (!ExpectedVersion.matches(expected, current)) throw new WrongExpectedVersionException(stream, expected, current);
        if (e == null) {
            e = new Entry(expected, committed);
            byStream.put(stream, e);
        } else if (expected != ExpectedVersion.ANY && (e.expected == ExpectedVersion.ANY || e.expected == ExpectedVersion.EXISTS)) {
            // a later exact/exists expectation pins the committed version this branch built on
            e.expected = e.committedSeen;
        }
        e.events.addAll(events);
        ids.addAll(fresh);
        return current + 1;
    }

    /** Pending events of one stream (in append order). */
    synchronized List<EventData> eventsOf(String stream) {
        Entry e = byStream.get(stream);
        return e == null ? List.of() : List.copyOf(e.events);
    }

    synchronized int countOf(String stream) {
        Entry e = byStream.get(stream);
        return e == null ? 0 : e.events.size();
    }

    synchronized List<AppendRequest> requests() {
        List<AppendRequest> out = new ArrayList<>(byStream.size());
        byStream.forEach((stream, e) -> out.add(new AppendRequest(stream, e.expected, e.events)));
        return out;
    }

    synchronized boolean isEmpty() {
        return byStream.values().stream().allMatch(e -> e.events.isEmpty());
    }

    boolean prepared() {
        return prepared;
    }

    void markPrepared() {
        prepared = true;
    }
}
