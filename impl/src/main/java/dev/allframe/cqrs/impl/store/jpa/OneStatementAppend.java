package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.spi.SerializedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

/**
 * PostgreSQL fast path for a lone append with an exact expectation: claiming the stream, taking
 * positions and inserting the numbered rows in one statement (data-modifying CTEs), committed
 * on its own, so one round trip instead of four. The counter is updated only if the claim
 * succeeded and rows are inserted only if the counter was, so a conflict changes nothing; the
 * caller then takes the general path, which reports the exact outcome.
 */
final class OneStatementAppend {
    private OneStatementAppend() {
    }

    /** Whether the fast path applies: PostgreSQL, an exact expected version (or NO_STREAM), some events. */
    static boolean applies(SqlDialect dialect, long expectedVersion, List<SerializedEvent> events) {
        return dialect == SqlDialect.POSTGRESQL && expectedVersion >= ExpectedVersion.NO_STREAM && !events.isEmpty();
    }

    /** The statement for {@code n} events; without {@code RETURNING} it can run in a JDBC batch (its count: n or 0). */
    static String sql(long expected, int n, boolean returning) {
        String claim = expected == ExpectedVersion.NO_STREAM
                ? "INSERT INTO allframe_streams (stream, version) VALUES (?, ?) ON CONFLICT (stream) DO NOTHING RETURNING 1"
                : "UPDATE allframe_streams SET version = ? WHERE stream = ? AND version = ? RETURNING 1";
        StringBuilder sql = new StringBuilder("WITH claim AS (").append(claim).append("), pos AS (UPDATE allframe_position"
                + " SET last_position = last_position + ?, last_micros = GREATEST(last_micros, ?)"
                + " WHERE id = 1 AND EXISTS (SELECT 1 FROM claim) RETURNING last_position, last_micros)"
                + " INSERT INTO allframe_events (event_id, stream, version, position, created_micros, type, schema_version, metadata, payload)"
                + " SELECT e.id, ?, e.v, pos.last_position - ? + e.i, pos.last_micros, e.type, e.sv, e.meta, e.payload FROM pos, (VALUES ");
        for (int i = 0; i < n; i++) sql.append(i == 0 ? "" : ", ").append("(?::uuid, ?::bigint, ?::bigint, ?, ?::int, ?, ?)");
        sql.append(") AS e(id, v, i, type, sv, meta, payload)");
        if (returning) sql.append(" RETURNING position");
        return sql.toString();
    }

    /** Sets the parameters of {@link #sql} for one append. */
    static void bind(PreparedStatement st, String stream, long expected, List<SerializedEvent> events) throws SQLException {
        int n = events.size();
        int p = 1;
        if (expected == ExpectedVersion.NO_STREAM) {
            st.setString(p++, stream);
            st.setLong(p++, n);
        } else {
            st.setLong(p++, expected + n);
            st.setString(p++, stream);
            st.setLong(p++, expected);
        }
        st.setLong(p++, n);
        st.setLong(p++, System.currentTimeMillis() * 1000);
        st.setString(p++, stream);
        st.setLong(p++, n);
        for (int i = 0; i < n; i++) {
            SerializedEvent e = events.get(i);
            st.setObject(p++, e.id());
            st.setLong(p++, expected + i + 1);
            st.setLong(p++, i + 1);
            st.setString(p++, e.type());
            st.setInt(p++, e.schemaVersion());
            st.setString(p++, e.metadataJson());
            st.setString(p++, e.payloadJson());
        }
    }

    /** The first position written, or empty if the stream was not at the expected version (nothing written then). */
    static OptionalLong append(Connection c, String stream, long expected, List<SerializedEvent> events) throws SQLException {
        int n = events.size();
        try (PreparedStatement st = c.prepareStatement(sql(expected, n, true))) {
            bind(st, stream, expected, events);
            long first = Long.MAX_VALUE;
            int rows = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    first = Math.min(first, rs.getLong(1));
                    rows++;
                }
            }
            if (rows == 0) return OptionalLong.empty();
            if (rows != n) throw new SQLException("ALLFRAME-0307 one-statement append wrote " + rows + " of " + n + " events");
            return OptionalLong.of(first);
        }
    }
}
