package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.impl.store.DurableEventStorageEngineContract;
import dev.allframe.cqrs.spi.EventStorageEngine;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/** The relational backend on an H2 file database under {@code target/} passes the contract, durability included. */
class H2StorageEngineTest extends DurableEventStorageEngineContract {
    private JdbcConnectionPool pool;
    private String url;

    @Override
    protected EventStorageEngine newEngine() {
        Path file = Path.of("target", "h2-contract", UUID.randomUUID().toString()).toAbsolutePath();
        url = "jdbc:h2:file:" + file + ";LOCK_TIMEOUT=30000";
        return open();
    }

    private EventStorageEngine open() {
        pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(40);
        return new JdbcStorageEngine(pool, Optional.empty()).createSchema();
    }

    @Override
    protected EventStorageEngine reopen() {
        pool.dispose();
        return open();
    }

    @AfterEach
    void close() {
        pool.dispose();
    }
}
