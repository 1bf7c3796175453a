package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.impl.store.EventStorageEngineContract;
import dev.allframe.cqrs.spi.EventStorageEngine;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/** The relational backend on an H2 file database under {@code target/} passes the contract. */
class H2StorageEngineTest extends EventStorageEngineContract {
    private JdbcConnectionPool pool;

    @Override
    protected EventStorageEngine newEngine() {
        Path file = Path.of("target", "h2-contract", UUID.randomUUID().toString()).toAbsolutePath();
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";LOCK_TIMEOUT=30000", "sa", "");
        pool.setMaxConnections(40);
        return new JdbcStorageEngine(pool, Optional.empty()).createSchema();
    }

    @AfterEach
    void close() {
        pool.dispose();
    }
}
