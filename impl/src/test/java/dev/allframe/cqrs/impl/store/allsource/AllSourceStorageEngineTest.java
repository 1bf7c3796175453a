package dev.allframe.cqrs.impl.store.allsource;

import dev.allframe.allsource.AllSource;
import dev.allframe.allsource.AllSourceOptions;
import dev.allframe.allsource.FsyncPolicy;
import dev.allframe.cqrs.impl.store.EventStorageEngineContract;
import dev.allframe.cqrs.spi.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The AllSource backend ({@link AllSourceStorageEngine}) on a real, durable engine in
 * {@code target/}, opened with {@code AllSource.open} (fsync always), passes the contract.
 */
class AllSourceStorageEngineTest extends EventStorageEngineContract {
    private AllSource engine;

    @Override
    protected EventStorageEngine newEngine() {
        Path dir = Path.of("target", "allsource-contract", UUID.randomUUID().toString()).toAbsolutePath();
        engine = AllSource.open(AllSourceOptions.builder(dir).fsync(FsyncPolicy.ALWAYS).build());
        return new AllSourceStorageEngine(new EngineConnectionFactory(engine, dir.toString()));
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
