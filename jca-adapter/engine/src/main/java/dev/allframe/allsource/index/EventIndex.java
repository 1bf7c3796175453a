package dev.allframe.allsource.index;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the engine knows about its events except their bodies: per position the id, stream,
 * version, timestamp, type and log locator; per stream its positions; per id its position.
 * <p>
 * One writer (the log writer, or the caller under the engine lock in memory mode) adds events
 * and then {@link #publish() publishes} them; readers see positions up to {@link #published()}
 * only, without locks.
 */
public final class EventIndex {
    private final LongColumn locators = new LongColumn(1024);
    private final LongColumn timestamps = new LongColumn(1024);
    private final LongColumn versions = new LongColumn(1024);
    private final LongColumn idHi = new LongColumn(1024);
    private final LongColumn idLo = new LongColumn(1024);
    private final IntColumn streamOrd = new IntColumn(1024);
    private final IntColumn typeOrd = new IntColumn(1024);
    private final IdTable ids = new IdTable(idHi, idLo);
    private final ConcurrentHashMap<String, StreamEntry> streams = new ConcurrentHashMap<>(256);
    private final StreamEntry[] recentStreams = new StreamEntry[256]; // writer-only, direct-mapped by hash
    private final RefColumn<StreamEntry> streamsByOrd = new RefColumn<>(16);
    private final ConcurrentHashMap<String, Integer> types = new ConcurrentHashMap<>();
    private final List<String> typeNames = new ArrayList<>();
    private final List<StreamEntry> touched = new ArrayList<>();
    private long writerPosition;
    private long lastTimestamp;
    private long events;
    private long published;       // written with release, read with acquire semantics
    private long publishedEvents; // likewise
    private String lastType;
    private int lastTypeOrd;
    private static final java.lang.invoke.VarHandle PUBLISHED, PUBLISHED_EVENTS;

    static {
        try {
            var l = java.lang.invoke.MethodHandles.lookup();
            PUBLISHED = l.findVarHandle(EventIndex.class, "published", long.class);
            PUBLISHED_EVENTS = l.findVarHandle(EventIndex.class, "publishedEvents", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---------------- writer side ----------------

    /** Writer view: the entry of a stream, or null; a small direct-mapped cache in front of the map. */
    public StreamEntry writerStream(String name) {
        int slot = name.hashCode() & (recentStreams.length - 1);
        StreamEntry s = recentStreams[slot];
        if (s != null && (s.name() == name || s.name().equals(name))) return s;
        s = streams.get(name);
        if (s != null) recentStreams[slot] = s;
        return s;
    }

    /** The stream entry for writing, created (unpublished, empty) if missing. */
    public StreamEntry streamForWrite(String name) {
        StreamEntry s = writerStream(name);
        if (s == null) {
            s = new StreamEntry(name, streams.size());
            streamsByOrd.set(s.ordinal(), s);
            streams.put(name, s);
        }
        return s;
    }

    /** Writer view: last assigned position. */
    public long writerPosition() {
        return writerPosition;
    }

    /** A timestamp for a new batch: now, but never earlier than the last one (keeps as-of-time reads ordered). */
    public long nextTimestamp(long nowMicros) {
        if (nowMicros > lastTimestamp) lastTimestamp = nowMicros;
        return lastTimestamp;
    }

    /** Position of the event with this id (including not yet published ones), or 0. */
    public long positionOf(long hi, long lo) {
        return ids.find(hi, lo);
    }

    /**
     * Adds an event at {@code position} (normally {@code writerPosition() + 1}; recovery after
     * quarantine may skip positions). Returns the position.
     */
    public long add(long position, long hi, long lo, StreamEntry s, long version, long ts, String type, long locator) {
        if (position <= writerPosition)
            throw new IllegalStateException("position " + position + " not after " + writerPosition);
        idHi.set(position, hi);
        idLo.set(position, lo);
        versions.set(position, version);
        timestamps.set(position, ts);
        if (locator != 0) locators.set(position, locator); // memory mode has none (and never reads them)
        streamOrd.set(position, s.ordinal());
        typeOrd.set(position, typeOrdinal(type));
        ids.add(position, hi, lo);
        s.put(version, position);
        if (!s.touched) {
            s.touched = true;
            touched.add(s);
        }
        if (ts > lastTimestamp) lastTimestamp = ts;
        writerPosition = position;
        events++;
        return position;
    }

    public void setLocator(long position, long locator) {
        locators.set(position, locator);
    }

    /** Makes everything added so far visible to readers. */
    public void publish() {
        for (int i = 0, n = touched.size(); i < n; i++) touched.get(i).publish();
        touched.clear();
        PUBLISHED_EVENTS.setRelease(this, events);
        PUBLISHED.setRelease(this, writerPosition);
    }

    private int typeOrdinal(String type) {
        if (type == lastType) return lastTypeOrd;
        Integer o = types.get(type);
        if (o != null) {
            lastType = type;
            lastTypeOrd = o;
            return o;
        }
        int n = typeNames.size();
        typeNames.add(type);
        types.put(type, n);
        return n;
    }

    // ---------------- reader side ----------------

    /** Highest published position. */
    public long published() {
        return (long) PUBLISHED.getAcquire(this);
    }

    /** Number of published events (smaller than {@link #published()} only after quarantine). */
    public long eventCount() {
        return (long) PUBLISHED_EVENTS.getAcquire(this);
    }

    public StreamEntry stream(String name) {
        return streams.get(name);
    }

    public int streamCount() {
        return streams.size();
    }

    public StreamEntry streamByOrdinal(int ordinal) {
        return streamsByOrd.get(ordinal);
    }

    /** Ordinal of a type name, or -1 if no event has that type. */
    public int typeOrdinalOf(String type) {
        Integer o = types.get(type);
        return o == null ? -1 : o;
    }

    public int typeAt(long position) { return typeOrd.get(position); }

    public long locatorAt(long position) { return locators.get(position); }

    public long timestampAt(long position) { return timestamps.get(position); }

    public long versionAt(long position) { return versions.get(position); }

    public int streamAt(long position) { return streamOrd.get(position); }

    /** Whether {@code position} holds an event (false for positions lost to quarantine). */
    public boolean present(long position) { return versions.get(position) != 0; }

    /** Highest published position whose timestamp is {@code <= micros} (0 if none). */
    public long lastPositionAtOrBefore(long micros) {
        long lo = 1, hi = published(), ans = 0;
        long[] ts = timestamps.array();
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            long t = ts[(int) mid];
            if (t == 0 && versions.get(mid) == 0) { // hole: look left
                long m = mid - 1;
                while (m >= lo && versions.get(m) == 0) m--;
                if (m < lo) { lo = mid + 1; continue; }
                mid = m;
                t = ts[(int) mid];
            }
            if (t <= micros) { ans = mid; lo = mid + 1; } else hi = mid - 1;
        }
        return ans;
    }
}
