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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aBatchWritesAllItsAppendsInOneStatementOrNothingIfAClaimFails() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            assertThat(BatchAppend.append(c, List.of("one", "two"), List.of(ExpectedVersion.NO_STREAM, ExpectedVersion.NO_STREAM),
                    List.of(events(2), events(1)), 10)).isEqualTo(1);

            // "one" is at 2: a stale version, or a second creation, fails the whole batch
            assertThatThrownBy(() -> BatchAppend.append(c, List.of("two", "one"), List.of(1L, 1L), List.of(events(3), events(1)), 5))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(BatchAppend.CLAIM_FAILED));
            assertThatThrownBy(() -> BatchAppend.append(c, List.of("three", "one"), List.of(ExpectedVersion.NO_STREAM, ExpectedVersion.NO_STREAM),
                    List.of(events(1), events(1)), 5))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(BatchAppend.CLAIM_FAILED));

            assertThat(BatchAppend.append(c, List.of("two", "three", "one"), List.of(1L, ExpectedVersion.NO_STREAM, 2L),
                    List.of(events(3), events(1), events(1)), 5)).isEqualTo(4);
        }
        assertThat(engine.read("one", ReadOptions.forwards())).extracting(StoredRecord::position).containsExactly(1L, 2L, 8L);
        assertThat(engine.read("two", ReadOptions.forwards())).extracting(StoredRecord::position).containsExactly(3L, 4L, 5L, 6L);
        assertThat(engine.read("two", ReadOptions.forwards())).extracting(StoredRecord::version).containsExactly(1L, 2L, 3L, 4L);
        assertThat(engine.read("three", ReadOptions.forwards())).extracting(StoredRecord::position).containsExactly(7L);
        // the counter's clock never goes back: the second batch asked for an earlier time than the first
        assertThat(engine.read("three", ReadOptions.forwards())).extracting(StoredRecord::timestampMicros).containsExactly(10L);
        assertThat(engine.version("one")).isEqualTo(3);
        assertThat(engine.version("two")).isEqualTo(4);
        assertThat(engine.version("three")).isEqualTo(1);
        assertThat(engine.lastPosition()).isEqualTo(8);
    }

    @Test
    void aBatchWithAnEventIdStoredAlreadyWritesNothing() throws Exception {
        List<SerializedEvent> stored = events(1);
        engine.append("one", ExpectedVersion.NO_STREAM, stored);
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            assertThatThrownBy(() -> BatchAppend.append(c, List.of("two", "three"), List.of(ExpectedVersion.NO_STREAM, ExpectedVersion.NO_STREAM),
                    List.of(events(1), stored), 1)).isInstanceOf(SQLException.class);
        }
        assertThat(engine.version("two")).isZero();
        assertThat(engine.lastPosition()).isEqualTo(1);
    }

    @Test
    void manyConcurrentWritersAreGroupCommittedWithEveryPositionOnce() throws Exception {
        GroupCommitChecks.manyWritersGetEveryPositionOnce(engine, 16, 60);
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
