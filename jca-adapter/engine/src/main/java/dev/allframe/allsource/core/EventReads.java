package dev.allframe.allsource.core;

import dev.allframe.allsource.StoredEvent;
import dev.allframe.allsource.index.EventCache;
import dev.allframe.allsource.index.EventIndex;
import dev.allframe.allsource.index.StreamEntry;
import dev.allframe.allsource.wal.SegmentManager;
import dev.allframe.allsource.wal.WalFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Lock-free read paths over the index: every read works on the snapshot "positions up to
 * {@link EventIndex#published()}" taken when it starts. Event bodies come from the cache or,
 * on a miss, from the log, or from the history file when the log segment was deleted (then cached).
 */
final class EventReads {
    private final EventIndex index;
    private final EventCache cache;
    private final SegmentManager segments; // null in memory mode
    private final HistoryTier history;     // likewise

    EventReads(EventIndex index, EventCache cache, SegmentManager segments, HistoryTier history) {
        this.index = index;
        this.cache = cache;
        this.segments = segments;
        this.history = history;
    }

    StoredEvent event(long position) {
        StoredEvent e = cache.get(position);
        return e != null ? e : load(position);
    }

    private StoredEvent load(long position) {
        if (segments == null) throw new IllegalStateException("position " + position + " missing from the memory store");
        long locator = index.locatorAt(position);
        StoredEvent e = locator == Replayer.HISTORY_LOCATOR ? null : segments.readEventIfKept(locator);
        if (e == null) return history.read(position, cache); // the segment was deleted: its history file holds it
        cache.put(position, e);
        return e;
    }

    List<StoredEvent> stream(String name, long fromVersion, int maxCount, boolean backward, long limitPosition) {
        StreamEntry s = index.stream(name);
        if (s == null || maxCount <= 0) return List.of();
        long pub = Math.min(index.published(), limitPosition);
        long version = s.version();
        StoredEvent[] events = s.events();
        if (events != null && !backward && limitPosition == Long.MAX_VALUE) return copy(events, version, fromVersion, maxCount);
        long[] pos = s.positions();
        List<StoredEvent> out = new ArrayList<>((int) Math.min(maxCount, Math.max(0, version)));
        if (events != null) return contiguous(out, events, version, pub, fromVersion, maxCount, backward);
        if (history != null) prefetchHistory(pos, version, pub, fromVersion, maxCount, backward);
        StoredEvent[][] chunks = cache.chunks();
        if (!backward) {
            for (long v = Math.max(1, fromVersion); v <= version && out.size() < maxCount; v++) {
                long p = pos[(int) (v - 1)];
                if (p == 0) continue;
                if (p > pub) break;
                out.add(fetch(chunks, p));
            }
        } else {
            for (long v = Math.min(fromVersion, version); v >= 1 && out.size() < maxCount; v--) {
                long p = pos[(int) (v - 1)];
                if (p == 0 || p > pub) continue;
                out.add(fetch(chunks, p));
            }
        }
        return out;
    }

    /**
     * A forward read, not as of a position, of a stream whose events sit next to each other: one
     * array copy. Every version up to the published stream version is readable (it is published
     * only once durable), so no per-event position check is needed.
     */
    private static List<StoredEvent> copy(StoredEvent[] events, long version, long fromVersion, int maxCount) {
        long from = Math.max(1, fromVersion);
        if (from > version) return List.of();
        long last = Math.min(version, from + (long) maxCount - 1);
        return Collections.unmodifiableList(Arrays.asList(Arrays.copyOfRange(events, (int) from - 1, (int) last)));
    }

    /** The stream's events sit next to each other (memory mode, small fresh durable stores; no holes there). */
    private static List<StoredEvent> contiguous(List<StoredEvent> out, StoredEvent[] events, long version,
                                                long pub, long fromVersion, int maxCount, boolean backward) {
        if (!backward) {
            if (fromVersion > version) return out;
            long last = Math.min(version, Math.max(1, fromVersion) + (long) maxCount - 1);
            for (int i = (int) Math.max(0, fromVersion - 1); i < last; i++) {
                StoredEvent e = events[i];
                if (e.position() > pub) break;
                out.add(e);
            }
        } else {
            for (long v = Math.min(fromVersion, version); v >= 1 && out.size() < maxCount; v--) {
                StoredEvent e = events[(int) (v - 1)];
                if (e.position() <= pub) out.add(e);
            }
        }
        return out;
    }

    /**
     * Before a stream read: the uncached events it needs whose WAL segment was deleted are read from
     * the history files in one go (one read per file and row group, not one per event).
     */
    private void prefetchHistory(long[] pos, long version, long pub, long fromVersion, int maxCount, boolean backward) {
        long through = history.through();
        if (through == 0) return;
        long[] wanted = null;
        int n = 0;
        long first = backward ? Math.min(fromVersion, version) : Math.max(1, fromVersion);
        for (long v = first, taken = 0; v >= 1 && v <= version && taken < maxCount; v += backward ? -1 : 1) {
            long p = pos[(int) (v - 1)];
            if (p == 0 || p > pub) continue;
            taken++;
            if (p > through || cache.get(p) != null || index.locatorAt(p) != Replayer.HISTORY_LOCATOR
                    && segments.get(WalFormat.locatorSegment(index.locatorAt(p))) != null) continue;
            if (wanted == null) wanted = new long[(int) Math.min(maxCount, version)];
            wanted[n++] = p;
        }
        if (n < 2) return; // a single miss is read as usual
        if (backward) java.util.Arrays.sort(wanted, 0, n);
        history.prefetch(wanted, n, cache, true); // its neighbours in the pages belong to other streams
    }

    private StoredEvent fetch(StoredEvent[][] chunks, long p) {
        int ci = (int) (p >>> EventCache.SHIFT);
        if (ci < chunks.length) {
            StoredEvent[] c = chunks[ci];
            if (c != null) {
                StoredEvent e = c[(int) p & (EventCache.CHUNK - 1)];
                if (e != null) return e;
            }
        }
        return event(p);
    }

    List<StoredEvent> all(long fromPosition, int maxCount) {
        long pub = index.published();
        List<StoredEvent> out = new ArrayList<>((int) Math.min(maxCount, Math.max(0, Math.min(pub - fromPosition + 1, 1 << 16))));
        StoredEvent[][] chunks = cache.chunks();
        for (long p = Math.max(1, fromPosition); p <= pub && out.size() < maxCount; p++) {
            if (index.present(p)) out.add(fetch(chunks, p));
        }
        return out;
    }

    List<StoredEvent> byType(String type, long fromPosition, int maxCount) {
        int ord = index.typeOrdinalOf(type);
        if (ord < 0 || maxCount <= 0) return List.of();
        long pub = index.published();
        List<StoredEvent> out = new ArrayList<>();
        StoredEvent[][] chunks = cache.chunks();
        for (long p = Math.max(1, fromPosition); p <= pub && out.size() < maxCount; p++) {
            if (index.present(p) && index.hasType(p, ord, type)) out.add(fetch(chunks, p));
        }
        return out;
    }
}
