package dev.allframe.cqrs.impl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.impl.store.DefaultEventStore;
import dev.allframe.cqrs.impl.store.EventIds;
import dev.allframe.cqrs.impl.store.EventSerializer;
import dev.allframe.cqrs.impl.store.EventTypes;
import dev.allframe.cqrs.impl.store.jpa.JdbcStorageEngine;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcConnectionPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.postgresql.ds.PGConnectionPoolDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The jpa backend (through the whole {@link EventStore}: JSON-B, validation, JDBC) beside Axon
 * 4.12's {@code JdbcEventStorageEngine} (Jackson) on the same database in the same run: one
 * 250-byte event per append (each thread its own stream, exact expected version) and reading a
 * 100-event stream back with typed payloads. PostgreSQL is embedded and started with
 * {@code fsync=on} and {@code synchronous_commit=on} (checked at setup); H2 runs in file mode,
 * where neither store fsyncs per commit (H2's default), so H2 numbers are not durable ones.
 * <p>
 * Run (not part of the test suite):
 * <pre>
 * ./mvnw -B -q -pl impl test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp impl/target/test-classes:impl/target/classes:$(cat impl/target/cp.txt) org.openjdk.jmh.Main JpaBackendBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g"})
public class JpaBackendBenchmark {

    /** ~250 bytes of JSON with either serializer. */
    public record Deposited(String note) {
    }

    @State(Scope.Benchmark)
    public static class Db {
        @Param({"h2", "postgres"})
        public String database;

        @Param({"allframe", "axon"})
        public String store;

        final Deposited payload = new Deposited("x".repeat(236));
        final String readStream = "read-" + EventIds.next();
        EmbeddedPostgres pg;
        JdbcConnectionPool pool;
        EventStore allframe;
        JdbcStorageEngine engine;
        JdbcEventStorageEngine axon;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            if (database.equals("postgres")) {
                pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "100").start();
                PGConnectionPoolDataSource cpds = new PGConnectionPoolDataSource();
                cpds.setURL(pg.getJdbcUrl("postgres", "postgres"));
                pool = JdbcConnectionPool.create(cpds);
                requireDurable();
            } else {
                Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-h2-");
                pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("events"), "sa", "");
            }
            pool.setMaxConnections(40);
            if (store.equals("allframe")) {
                engine = new JdbcStorageEngine(pool, Optional.empty()).createSchema();
                allframe = new DefaultEventStore(engine,
                        new EventSerializer(new EventTypes()));
            } else {
                JacksonSerializer serializer = JacksonSerializer.builder()
                        .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())).build();
                axon = JdbcEventStorageEngine.builder()
                        .connectionProvider(new DataSourceConnectionProvider(pool))
                        .transactionManager(NoTransactionManager.INSTANCE)
                        .eventSerializer(serializer).snapshotSerializer(serializer)
                        .build();
                if (database.equals("postgres")) axon.createSchema(PostgresEventTableFactory.INSTANCE);
                else createAxonH2Schema();
            }
            for (int i = 0; i < 100; i++) append(this, readStream, i);
        }

        private void requireDurable() throws SQLException {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                for (String setting : List.of("fsync", "synchronous_commit")) {
                    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                        rs.next();
                        if (!rs.getString(1).equals("on")) throw new IllegalStateException(setting + " is " + rs.getString(1));
                    }
                }
            }
        }

        /** Axon's default tables; its HSQL DDL factory emits syntax H2 2.x rejects. */
        private void createAxonH2Schema() throws SQLException {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE DomainEventEntry (globalIndex BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, "
                        + "aggregateIdentifier VARCHAR(255) NOT NULL, sequenceNumber BIGINT NOT NULL, type VARCHAR(255), "
                        + "eventIdentifier VARCHAR(255) NOT NULL, metaData BLOB, payload BLOB NOT NULL, "
                        + "payloadRevision VARCHAR(255), payloadType VARCHAR(255) NOT NULL, timeStamp VARCHAR(255) NOT NULL, "
                        + "PRIMARY KEY (globalIndex), UNIQUE (aggregateIdentifier, sequenceNumber), UNIQUE (eventIdentifier))");
                s.execute("CREATE TABLE SnapshotEventEntry (aggregateIdentifier VARCHAR(255) NOT NULL, "
                        + "sequenceNumber BIGINT NOT NULL, type VARCHAR(255) NOT NULL, eventIdentifier VARCHAR(255) NOT NULL, "
                        + "metaData BLOB, payload BLOB NOT NULL, payloadRevision VARCHAR(255), "
                        + "payloadType VARCHAR(255) NOT NULL, timeStamp VARCHAR(255) NOT NULL, "
                        + "PRIMARY KEY (aggregateIdentifier, sequenceNumber), UNIQUE (eventIdentifier))");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            if (engine != null) System.out.println("group commit: " + engine.groupCommitStats());
            pool.dispose();
            if (pg != null) pg.close();
        }
    }

    /** One writer's stream and the number of events it has. */
    @State(Scope.Thread)
    public static class Writer {
        final String stream = "acc-" + EventIds.next();
        long version;
    }

    static void append(Db db, String stream, long version) {
        if (db.allframe != null) {
            db.allframe.append(stream, version, db.payload);
        } else {
            String id = EventIds.next().toString();
            db.axon.appendEvents(List.of(new GenericDomainEventMessage<>("Account", stream, version, db.payload,
                    MetaData.emptyInstance(), id, Instant.now())));
        }
    }

    @Benchmark
    @Threads(1)
    public void append_1thread(Db db, Writer w) {
        append(db, w.stream, w.version++);
    }

    @Benchmark
    @Threads(8)
    public void append_8threads(Db db, Writer w) {
        append(db, w.stream, w.version++);
    }

    /** Not part of the target: shows how both scale with more writers than cores (batches grow with them). */
    @Benchmark
    @Threads(32)
    public void append_32threads(Db db, Writer w) {
        append(db, w.stream, w.version++);
    }

    @Benchmark
    @Threads(1)
    public void read100_1thread(Db db, Blackhole bh) {
        if (db.allframe != null) {
            for (EventEnvelope<?> e : db.allframe.read(db.readStream)) bh.consume(e.payload());
        } else {
            List<Object> payloads = new ArrayList<>(100);
            db.axon.readEvents(db.readStream).asStream().map(DomainEventMessage::getPayload).forEach(payloads::add);
            if (payloads.size() != 100) throw new IllegalStateException("axon read " + payloads.size() + " events");
            bh.consume(payloads);
        }
    }
}
