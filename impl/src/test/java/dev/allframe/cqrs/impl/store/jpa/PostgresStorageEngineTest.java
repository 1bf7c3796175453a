package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.impl.store.EventStorageEngineContract;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relational backend on a real, durable PostgreSQL (embedded, started with {@code fsync=on}
 * and {@code synchronous_commit=on}) passes the contract.
 */
class PostgresStorageEngineTest extends EventStorageEngineContract {
    static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Override
    protected EventStorageEngine newEngine() throws Exception {
        DataSource ds = pg.getPostgresDatabase();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS allframe_events, allframe_streams, allframe_position, allframe_snapshots, allframe_checkpoints");
        }
        return new JdbcStorageEngine(ds, Optional.empty()).createSchema();
    }

    @Test
    void aLoneAppendWritesInOneStatementAndAConflictWritesNothing() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            List<SerializedEvent> two = events(2);

            assertThat(OneStatementAppend.append(c, "one", ExpectedVersion.NO_STREAM, two)).hasValue(1);
            assertThat(OneStatementAppend.append(c, "one", ExpectedVersion.NO_STREAM, events(1))).isEmpty();
            assertThat(OneStatementAppend.append(c, "one", 1, events(1))).isEmpty();
            assertThat(OneStatementAppend.append(c, "one", 2, events(3))).hasValue(3);
        }
        assertThat(engine.read("one", ReadOptions.forwards())).extracting(StoredRecord::position).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(engine.version("one")).isEqualTo(5);
        assertThat(engine.lastPosition()).isEqualTo(5);
    }

    @Test
    void theServerRunsDurably() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW fsync")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
            try (ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
        }
    }
}
