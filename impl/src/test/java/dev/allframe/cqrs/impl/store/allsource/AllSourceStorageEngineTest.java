package dev.allframe.cqrs.impl.store.allsource;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.cqrs.impl.store.DurableEventStorageEngineContract;
import dev.allframe.cqrs.spi.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The AllSource backend ({@link AllSourceStorageEngine}) on a real, durable engine in
 * {@code target/}, opened with {@code AllSource.open} (fsync always), passes the contract.
 */
class AllSourceStorageEngineTest extends DurableEventStorageEngineContract {
    private AllSource engine;
    private Path dir;

    @Override
    protected EventStorageEngine newEngine() {
        dir = Path.of("target", "allsource-contract", UUID.randomUUID().toString()).toAbsolutePath();
        return open();
    }

    private EventStorageEngine open() {
        engine = AllSource.open(AllSourceOptions.builder(dir).fsync(FsyncPolicy.ALWAYS).build());
        return new AllSourceStorageEngine(new EngineConnectionFactory(engine, dir.toString()));
    }

    @Override
    protected EventStorageEngine reopen() {
        engine.close();
        return open();
    }

    @Override
    protected boolean reportsAlreadyStored() {
        return false;
    }

    @AfterEach
    void close() {
        engine.close();
    }
}
