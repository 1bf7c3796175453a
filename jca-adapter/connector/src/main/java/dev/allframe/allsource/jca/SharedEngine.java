package dev.allframe.allsource.jca;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceException;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.AllSourceRegistry;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The connector's view of the engine of one data directory: a handle from {@link AllSourceRegistry}
 * (one engine per directory per JVM, whatever number of resource-adapter instances and connection
 * factories name it — WildFly creates one adapter per connection-factory definition) plus the
 * pending XA branches of that engine. Reference counted: the last release closes the handle.
 * An engine that failed (I/O fault) is reopened, which recovers it from its log.
 */
final class SharedEngine {
    private static final Logger LOG = Logger.getLogger(SharedEngine.class.getName());
    private static final Map<Path, SharedEngine> OPEN = new HashMap<>();

    private final Path directory;
    private final AllSourceOptions options;
    private final TxBranches branches = new TxBranches();
    private AllSource engine;
    private int references;

    private SharedEngine(AllSourceOptions options) {
        this.directory = options.directory();
        this.options = options;
    }

    /** Opens the engine for {@code options.directory()} or joins the one already open. */
    static Lease acquire(AllSourceOptions options) {
        Path dir = options.directory().toAbsolutePath().normalize();
        synchronized (OPEN) {
            SharedEngine shared = OPEN.get(dir);
            if (shared == null) {
                shared = new SharedEngine(options);
                shared.engine = AllSourceRegistry.acquire(options);
                OPEN.put(dir, shared);
                LOG.info("ALLSOURCE-0110 opened AllSource store in " + dir);
            } else if (!shared.options.equals(options)) {
                LOG.warning("ALLSOURCE-0111 store " + dir + " is already open with " + shared.options
                        + "; ignoring the different settings " + options);
            }
            shared.references++;
            return new Lease(shared);
        }
    }

    /** The live engine; reopens (and so recovers) it if an I/O fault made it unhealthy. */
    AllSource engine() {
        synchronized (OPEN) {
            if (engine == null) throw new AllSourceException("AllSource store " + directory + " is closed");
            if (!engine.healthy()) {
                LOG.warning("ALLSOURCE-0112 store " + directory + " is unhealthy after an I/O fault; reopening it to recover from its log");
                try {
                    engine.close();
                } catch (RuntimeException e) {
                    LOG.warning("ALLSOURCE-0113 closing the failed store " + directory + ": " + e);
                }
                engine = null;
                engine = AllSourceRegistry.acquire(options);
            }
            return engine;
        }
    }

    TxBranches branches() {
        return branches;
    }

    Path directory() {
        return directory;
    }

    private void release() {
        synchronized (OPEN) {
            if (--references > 0) return;
            OPEN.remove(directory.toAbsolutePath().normalize());
            if (engine != null) {
                engine.close();
                engine = null;
            }
            LOG.info("ALLSOURCE-0114 closed AllSource store in " + directory);
        }
    }

    /** A counted reference to a shared engine. Release exactly once. */
    static final class Lease {
        private final SharedEngine shared;
        private boolean released;

        private Lease(SharedEngine shared) {
            this.shared = shared;
        }

        SharedEngine shared() {
            return shared;
        }

        synchronized void release() {
            if (released) return;
            released = true;
            shared.release();
        }
    }
}
