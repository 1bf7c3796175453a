package dev.allframe.allsource.index;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the engine knows about its events except their bodies: per position the id, stream,
 * version, timestamp, type and log locator; per stream its positions; per id its position.
 * <p>
 * In memory mode the events themselves are kept (in the {@link EventCache} and per stream), so the
 * per-position columns and per-stream position arrays would only repeat them: they are not kept,
 * and the accessors below read the stored events instead.
 * <p>
 * One writer (the log writer, or the caller under the engine lock in memory mode) adds events
 * and then {@link #publish() publishes} them; readers see positions up to {@link #published()}
 * only, without locks.
 */
public final class EventIndex {
    // per-position columns (durable mode; null in memory mode, see memoryEvents)
    private final LongColumn locators, timestamps, versions, idHi, idLo;
    private final IntColumn streamOrd, typeOrd;
    private final IdTable ids;
    private final ConcurrentHashMap<String, StreamEntry> streams = new ConcurrentHashMap<>(256);
    private final StreamEntry[] recentStreams = new StreamEntry[256]; // writer-only, direct-mapped by hash
    private final RefColumn<StreamEntry> streamsByOrd = new RefColumn<>(16);
    private final ConcurrentHashMap<String, Integer> types = new ConcurrentHashMap<>();
    private final List<String> typeNames = new ArrayList<>();
    private StreamEntry[] touched = new StreamEntry[16]; // streams added to since the last publish()
    private int touchedCount;
    private long writerPosition;
    private long lastTimestamp;
    private long events;
    private long published;       // written with release, read with acquire semantics
    private long publishedEvents; // likewise
    private String lastType;
    private int lastTypeOrd;
    /** The greatest id added (unsigned, high then low half); memory mode: the id table holds positions up to idsIndexed. */
    private long maxIdHi, maxIdLo, idsIndexed;
    /** Memory mode: the events by position (instead of the columns); null for a durable store. */
    private final EventCache memoryEvents;
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

    /** An index for a durable store: columns per position, position arrays per stream. */
    public EventIndex() {
        locators = new LongColumn(1024);
        timestamps = new LongColumn(1024);
        versions = new LongColumn(1024);
        idHi = new LongColumn(1024);
        idLo = new LongColumn(1024);
        streamOrd = new IntColumn(1024);
        typeOrd = new IntColumn(1024);
        memoryEvents = null;
        ids = new IdTable(this, 2048);
    }

    /**
     * An index for a memory-mode store, which puts every event into {@code events} (before
     * {@link #add}ing it) and into its stream ({@link StreamEntry#putEvent}).
     */
    public EventIndex(EventCache events) {
        locators = timestamps = versions = idHi = idLo = null;
        streamOrd = typeOrd = null;
        memoryEvents = events;
        ids = new IdTable(this, 16); // filled lazily, often never (see positionOf)
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
            s = new StreamEntry(name, streams.size(), memoryEvents == null);
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

    /**
     * Writer view: position of the event with this id (including not yet published ones), or 0.
     * An id greater than every id added so far is answered without a lookup.
     * <p>
     * Memory mode fills the id table lazily: an id greater than every id added so far (time-ordered
     * ids such as {@code EventIds} and other UUIDv7 arrive in that order) cannot be stored yet, so it
     * is answered without the table; any other id first brings the table up to date. That keeps two
     * probe sequences (find, insert) off the common path of an in-memory append.
     */
    public long positionOf(long hi, long lo) {
        if (above(hi, lo, maxIdHi, maxIdLo)) return 0; // also spares a durable writer a likely cache miss
        if (memoryEvents != null) {
            for (long p = idsIndexed + 1; p <= writerPosition; p++) ids.add(p, idHiAt(p), idLoAt(p));
            idsIndexed = writerPosition;
        }
        return ids.find(hi, lo);
    }

    private static boolean above(long hi, long lo, long maxHi, long maxLo) {
        int c = Long.compareUnsigned(hi, maxHi);
        return c > 0 || c == 0 && Long.compareUnsigned(lo, maxLo) > 0;
    }

    /**
     * Reader view, from any thread: position of the published event with this id, or 0. Not for
     * memory mode, whose id table only the writer (under the engine lock) may bring up to date: there
     * use {@link #positionOf} under that lock.
     */
    public long publishedPositionOf(long hi, long lo) {
        if (memoryEvents != null) throw new IllegalStateException("memory mode: look ids up with positionOf under the engine lock");
        long p = ids.find(hi, lo);
        return p != 0 && p <= published() ? p : 0;
    }

    /**
     * Adds an event at {@code position} (normally {@code writerPosition() + 1}; recovery after
     * quarantine may skip positions). Returns the position.
     */
    public long add(long position, long hi, long lo, StreamEntry s, long version, long ts, String type, long locator) {
        if (position <= writerPosition)
            throw new IllegalStateException("position " + position + " not after " + writerPosition);
        if (memoryEvents == null) {
            idHi.set(position, hi);
            idLo.set(position, lo);
            versions.set(position, version);
            timestamps.set(position, ts);
            locators.set(position, locator);
            streamOrd.set(position, s.ordinal());
            typeOrd.set(position, typeOrdinal(type));
        } else {
            typeOrdinal(type); // typeOrdinalOf() answers for types that occur
        }
        if (memoryEvents == null) ids.add(position, hi, lo);
        if (above(hi, lo, maxIdHi, maxIdLo)) {
            maxIdHi = hi;
            maxIdLo = lo;
        }
        s.put(version, position);
        if (!s.touched) touch(s);
        if (ts > lastTimestamp) lastTimestamp = ts;
        writerPosition = position;
        events++;
        return position;
    }

    private void touch(StreamEntry s) {
        s.touched = true;
        if (touchedCount == touched.length) touched = java.util.Arrays.copyOf(touched, touchedCount * 2);
        touched[touchedCount++] = s;
    }

    public void setLocator(long position, long locator) {
        locators.set(position, locator);
    }

    /** Makes everything added so far visible to readers. */
    public void publish() {
        StreamEntry[] t = touched;
        for (int i = 0, n = touchedCount; i < n; i++) {
            t[i].publish();
            t[i] = null;
        }
        touchedCount = 0;
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

    /** Whether the event at {@code position} has the type {@code type}, whose ordinal is {@code ordinal}. */
    public boolean hasType(long position, int ordinal, String type) {
        return memoryEvents == null ? typeOrd.get(position) == ordinal : memoryEvents.get(position).type().equals(type);
    }

    public long locatorAt(long position) { return locators.get(position); }

    public long timestampAt(long position) {
        return memoryEvents == null ? timestamps.get(position) : memoryEvents.get(position).timestampMicros();
    }

    public long versionAt(long position) {
        return memoryEvents == null ? versions.get(position) : memoryEvents.get(position).version();
    }

    /** The name of the stream of the event at {@code position}. */
    public String streamNameAt(long position) {
        return memoryEvents == null ? streamByOrdinal(streamOrd.get(position)).name() : memoryEvents.get(position).stream();
    }

    long idHiAt(long position) {
        return memoryEvents == null ? idHi.get(position) : memoryEvents.get(position).id().getMostSignificantBits();
    }

    long idLoAt(long position) {
        return memoryEvents == null ? idLo.get(position) : memoryEvents.get(position).id().getLeastSignificantBits();
    }

    /** Whether {@code position} holds an event (false for positions lost to quarantine; memory mode has none). */
    public boolean present(long position) { return memoryEvents != null || versions.get(position) != 0; }

    /** Highest published position whose timestamp is {@code <= micros} (0 if none). */
    public long lastPositionAtOrBefore(long micros) {
        if (memoryEvents != null) return lastPositionAtOrBeforeInMemory(micros);
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

    /** Memory mode: no holes, timestamps never decrease along positions. */
    private long lastPositionAtOrBeforeInMemory(long micros) {
        long lo = 1, hi = published(), ans = 0;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            if (memoryEvents.get(mid).timestampMicros() <= micros) {
                ans = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return ans;
    }
}
