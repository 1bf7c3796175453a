package dev.allframe.cqrs.impl.store.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The few SQL differences between the databases the relational backend supports: the type of
 * the JSON text columns. Everything else is standard SQL both H2 2.x and PostgreSQL accept.
 */
public enum SqlDialect {
    H2("CHARACTER VARYING(1000000000)"),
    POSTGRESQL("TEXT");

    private final String textType;

    SqlDialect(String textType) {
        this.textType = textType;
    }

    /**
     * Adds {@code ?} (1) to the position counter, raises its clock to {@code ?} (2) and returns the new
     * {@code last_position, last_micros}, in one statement; the update row-locks the counter until commit.
     */
    public String bumpPositionCounter() {
        String update = "UPDATE allframe_position SET last_position = last_position + ?, last_micros = GREATEST(last_micros, ?) WHERE id = 1";
        return switch (this) {
            case H2 -> "SELECT last_position, last_micros FROM FINAL TABLE (" + update + ")";
            case POSTGRESQL -> update + " RETURNING last_position, last_micros";
        };
    }

    /** Creates the row of a new stream at version {@code ?}; 0 rows (not an error) if it exists already. */
    public String createStream() {
        return switch (this) {
            case H2 -> "INSERT INTO allframe_streams (stream, version) VALUES (?, ?)";
            case POSTGRESQL -> "INSERT INTO allframe_streams (stream, version) VALUES (?, ?) ON CONFLICT (stream) DO NOTHING";
        };
    }

    /** Picks the dialect from the connection's database product name. */
    public static SqlDialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) return H2;
        if (product.contains("postgres")) return POSTGRESQL;
        throw new IllegalStateException("ALLFRAME-0301 the relational event store supports H2 and PostgreSQL, not '" + product + "'");
    }

    /**
     * The DDL of the backend (idempotent). See {@code impl/README-jpa.md} for the meaning of each
     * column; DBAs may create the tables themselves and set {@code allframe.jpa.create-schema=false}.
     */
    public List<String> ddl() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS allframe_events ("
                        + " event_id UUID NOT NULL PRIMARY KEY,"
                        + " stream VARCHAR(512) NOT NULL,"
                        + " version BIGINT NOT NULL,"
                        + " position BIGINT,"
                        + " created_micros BIGINT NOT NULL,"
                        + " type VARCHAR(255) NOT NULL,"
                        + " schema_version INT NOT NULL,"
                        + " metadata " + textType + " NOT NULL,"
                        + " payload " + textType + " NOT NULL,"
                        + " CONSTRAINT allframe_events_stream_version UNIQUE (stream, version),"
                        + " CONSTRAINT allframe_events_position UNIQUE (position))",
                "CREATE INDEX IF NOT EXISTS allframe_events_type ON allframe_events (type, position)",
                "CREATE TABLE IF NOT EXISTS allframe_streams ("
                        + " stream VARCHAR(512) NOT NULL PRIMARY KEY,"
                        + " version BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS allframe_position ("
                        + " id INT NOT NULL PRIMARY KEY,"
                        + " last_position BIGINT NOT NULL,"
                        + " last_micros BIGINT NOT NULL)",
                "INSERT INTO allframe_position (id, last_position, last_micros)"
                        + " SELECT 1, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM allframe_position WHERE id = 1)",
                "CREATE TABLE IF NOT EXISTS allframe_snapshots ("
                        + " stream VARCHAR(512) NOT NULL PRIMARY KEY,"
                        + " version BIGINT NOT NULL,"
                        + " type VARCHAR(255) NOT NULL,"
                        + " state " + textType + " NOT NULL,"
                        + " created_micros BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS allframe_checkpoints ("
                        + " name VARCHAR(255) NOT NULL PRIMARY KEY,"
                        + " position BIGINT NOT NULL)");
    }
}
