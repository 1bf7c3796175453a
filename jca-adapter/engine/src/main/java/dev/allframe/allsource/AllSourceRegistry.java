package dev.allframe.allsource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One engine per data directory per JVM, shared by reference counting. Several components (for
 * example the resource-adapter instances WildFly creates per connection-factory definition) call
 * {@link #acquire(AllSourceOptions)} for the same directory and get handles to the same engine;
 * closing a handle releases it, and the engine is closed when the last handle is.
 * <p>
 * The options of the first acquire win; a later acquire with different options logs a warning.
 * An engine that turned unhealthy stays shared until every handle is closed; the next acquire
 * then reopens (and recovers) it.
 */
public final class AllSourceRegistry {
    private static final Logger LOG = Logger.getLogger(AllSourceRegistry.class.getName());
    private static final Map<Path, Shared> OPEN = new HashMap<>();

    private AllSourceRegistry() {
    }

    /** A handle to the engine of {@code options.directory()}, opening it if this JVM has none. */
    public static synchronized AllSource acquire(AllSourceOptions options) {
        Path key = options.directory().toAbsolutePath().normalize();
        Shared s = OPEN.get(key);
        if (s == null) {
            s = new Shared(key, options, AllSource.open(options));
            OPEN.put(key, s);
        } else if (!s.options.equals(options)) {
            LOG.log(Level.WARNING, "ALLSOURCE-0010 {0} is already open with options {1}; ignoring the different options {2}",
                    new Object[]{key, s.options, options});
        }
        s.refs++;
        return new Handle(s);
    }

    /** Number of open handles on the engine of {@code directory} (0 if none). */
    public static synchronized int references(Path directory) {
        Shared s = OPEN.get(directory.toAbsolutePath().normalize());
        return s == null ? 0 : s.refs;
    }

    private static synchronized void release(Shared s) {
        if (--s.refs > 0) return;
        OPEN.remove(s.key);
        s.engine.close();
    }

    private static final class Shared {
        final Path key;
        final AllSourceOptions options;
        final AllSource engine;
        int refs;

        Shared(Path key, AllSourceOptions options, AllSource engine) {
            this.key = key;
            this.options = options;
            this.engine = engine;
        }
    }

    /** A counted reference; {@link #close()} releases it (idempotent). */
    private static final class Handle implements AllSource {
        private final Shared shared;
        private final AllSource e;
        private boolean closed;

        Handle(Shared shared) {
            this.shared = shared;
            this.e = shared.engine;
        }

        private AllSource e() {
            if (closed) throw new AllSourceException("ALLSOURCE-0011 this handle on " + shared.key + " is closed");
            return e;
        }

        @Override public AppendResult append(String stream, long expectedVersion, List<EventData> events) { return e().append(stream, expectedVersion, events); }
        @Override public List<AppendResult> append(List<AppendRequest> requests) { return e().append(requests); }
        @Override public CompletableFuture<List<AppendResult>> appendAsync(List<AppendRequest> requests) { return e().appendAsync(requests); }
        @Override public void prepare(String txId, List<AppendRequest> requests) { e().prepare(txId, requests); }
        @Override public List<AppendResult> commitPrepared(String txId) { return e().commitPrepared(txId); }
        @Override public void rollbackPrepared(String txId) { e().rollbackPrepared(txId); }
        @Override public List<String> inDoubt() { return e().inDoubt(); }
        @Override public List<StoredEvent> readStream(String stream, long fromVersion, int maxCount, boolean backward) { return e().readStream(stream, fromVersion, maxCount, backward); }
        @Override public Optional<AppendResult> findStored(String stream, List<EventData> events) { return e().findStored(stream, events); }
        @Override public List<StoredEvent> readAll(long fromPosition, int maxCount) { return e().readAll(fromPosition, maxCount); }
        @Override public List<StoredEvent> readByType(String type, long fromPosition, int maxCount) { return e().readByType(type, fromPosition, maxCount); }
        @Override public List<StoredEvent> readStreamAsOfPosition(String stream, long position) { return e().readStreamAsOfPosition(stream, position); }
        @Override public List<StoredEvent> readStreamAsOfTime(String stream, long timestampMicros) { return e().readStreamAsOfTime(stream, timestampMicros); }
        @Override public long streamVersion(String stream) { return e().streamVersion(stream); }
        @Override public long lastPosition() { return e().lastPosition(); }
        @Override public Stats stats() { return e().stats(); }
        @Override public void saveSnapshot(String stream, long version, byte[] state) { e().saveSnapshot(stream, version, state); }
        @Override public Optional<Snapshot> loadSnapshot(String stream) { return e().loadSnapshot(stream); }
        @Override public boolean healthy() { return !closed && e.healthy(); }

        @Override
        public void close() {
            synchronized (AllSourceRegistry.class) {
                if (closed) return;
                closed = true;
                release(shared);
            }
        }
    }
}
