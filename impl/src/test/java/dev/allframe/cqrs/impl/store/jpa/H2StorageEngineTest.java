package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.impl.store.DurableEventStorageEngineContract;
import dev.allframe.cqrs.spi.EventStorageEngine;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void manyConcurrentWritersAreGroupCommittedWithEveryPositionOnce() throws Exception {
        GroupCommitChecks.manyWritersGetEveryPositionOnce(engine, 16, 60);
    }

    @Test
    void aBatchClaimsAllItsStreamsInOneStatementOrReportsThatOneFailed() throws Exception {
        engine.append("a", ExpectedVersion.NO_STREAM, events(2));
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            assertThat(EventRows.claimAll(c, List.of(request("a", 2, 1), request("new", ExpectedVersion.NO_STREAM, 3)))).isTrue();
            assertThat(EventRows.version(c, "a")).isEqualTo(3);
            assertThat(EventRows.version(c, "new")).isEqualTo(3);
            c.rollback();
            assertThat(EventRows.claimAll(c, List.of(request("a", 1, 1), request("new", ExpectedVersion.NO_STREAM, 1)))).isFalse();
            assertThat(EventRows.claimAll(c, List.of(request("a", ExpectedVersion.NO_STREAM, 1)))).isFalse();
            assertThat(EventRows.claimAll(c, List.of(request("missing", 4, 1)))).isFalse();
            c.rollback();
        }
        assertThat(engine.version("a")).isEqualTo(2);
        assertThat(engine.version("new")).isZero();
    }

    private static GroupCommit.Request request(String stream, long expected, int n) {
        return new GroupCommit.Request(stream, expected, events(n));
    }

    @AfterEach
    void close() {
        pool.dispose();
    }
}
