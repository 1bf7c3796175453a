package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.spi.SerializedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * PostgreSQL fast path for a group-committed batch of appends with exact expected versions (or
 * {@code NO_STREAM}), each to a different stream: one statement with the whole batch in arrays
 * claims every stream, takes the batch's positions from the counter and inserts the numbered rows
 * (data-modifying CTEs). Run in auto-commit, statement and commit are one round trip, whatever the
 * size of the batch; the SQL text never changes, so the driver and the server keep it prepared.
 * <p>
 * All or nothing: the counter's new value is divided by 1 if every claim succeeded and by 0
 * otherwise, so a stream not at its expected version (the update finds no row; a concurrent claim
 * is waited for and re-checked by the server) or existing already ({@code ON CONFLICT DO NOTHING})
 * fails the statement with SQLState {@value #CLAIM_FAILED} and it writes nothing; so does any other
 * error (e.g. an event id stored already). The caller then takes the general path, which gives
 * each append its exact outcome. The claims are finished before the counter row is locked (its new
 * value needs their count), so the lock order stays stream rows, then counter.
 */
final class BatchAppend {
    private BatchAppend() {
    }

    /** What PostgreSQL answers when a claim of the batch failed (division by zero). */
    static final String CLAIM_FAILED = "22012";

    /** Whether an append can go into the statement: PostgreSQL, an exact expected version (or NO_STREAM), some events. */
    static boolean applies(SqlDialect dialect, long expectedVersion, List<SerializedEvent> events) {
        return dialect == SqlDialect.POSTGRESQL && expectedVersion >= ExpectedVersion.NO_STREAM && !events.isEmpty();
    }

    static final String SQL = "WITH moved AS (UPDATE allframe_streams s SET version = r.expected + r.n"
            + "   FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS r(stream, expected, n)"
            + "   WHERE s.stream = r.stream AND s.version = r.expected RETURNING 1),"
            + " created AS (INSERT INTO allframe_streams (stream, version) SELECT * FROM unnest(?::text[], ?::bigint[])"
            + "   ON CONFLICT (stream) DO NOTHING RETURNING 1),"
            + " pos AS (UPDATE allframe_position SET last_position = last_position"
            + "   + ? / CASE WHEN (SELECT count(*) FROM moved) + (SELECT count(*) FROM created) = ? THEN 1 ELSE 0 END,"
            + "   last_micros = GREATEST(last_micros, ?) WHERE id = 1 RETURNING last_position, last_micros),"
            + " ins AS (INSERT INTO allframe_events (event_id, stream, version, position, created_micros, type, schema_version, metadata, payload)"
            + " SELECT e.id, e.stream, e.version, pos.last_position - ? + e.i, pos.last_micros, e.type, e.sv, e.meta, e.payload"
            + " FROM pos, unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::int[], ?::text[], ?::text[])"
            + "   WITH ORDINALITY AS e(id, stream, version, type, sv, meta, payload, i) RETURNING 1)"
            + " SELECT (SELECT last_position FROM pos), (SELECT count(*) FROM ins)";

    /**
     * Writes appends {@code streams[k]}, {@code expected[k]}, {@code events.get(k)} on the caller's
     * connection (committed by the caller, or by auto-commit) and returns the first position; their
     * positions follow the order of the lists. The streams must be distinct. {@code micros}: the
     * commit time to stamp unless the counter's clock is ahead. Throws if anything failed (a failed
     * claim: SQLState {@value #CLAIM_FAILED}); nothing is written then.
     */
    static long append(Connection c, List<String> streams, List<Long> expected, List<List<SerializedEvent>> events, long micros)
            throws SQLException {
        int appends = streams.size();
        int total = 0;
        int creations = 0;
        for (int a = 0; a < appends; a++) {
            total += events.get(a).size();
            if (expected.get(a) == ExpectedVersion.NO_STREAM) creations++;
        }
        Object[] moveStream = new Object[appends - creations];
        Object[] moveFrom = new Object[appends - creations];
        Object[] moveBy = new Object[appends - creations];
        Object[] createStream = new Object[creations];
        Object[] createAt = new Object[creations];
        UUID[] id = new UUID[total];
        Object[] stream = new Object[total];
        Object[] version = new Object[total];
        Object[] type = new Object[total];
        Object[] sv = new Object[total];
        Object[] meta = new Object[total];
        Object[] payload = new Object[total];
        int m = 0;
        int cr = 0;
        int j = 0;
        for (int a = 0; a < appends; a++) {
            String name = streams.get(a);
            long from = expected.get(a);
            List<SerializedEvent> es = events.get(a);
            if (from == ExpectedVersion.NO_STREAM) {
                createStream[cr] = name;
                createAt[cr++] = (long) es.size();
            } else {
                moveStream[m] = name;
                moveFrom[m] = from;
                moveBy[m++] = (long) es.size();
            }
            for (int i = 0; i < es.size(); i++, j++) {
                SerializedEvent e = es.get(i);
                id[j] = e.id();
                stream[j] = name;
                version[j] = from + i + 1;
                type[j] = e.type();
                sv[j] = e.schemaVersion();
                meta[j] = e.metadataJson();
                payload[j] = e.payloadJson();
            }
        }
        try (PreparedStatement st = c.prepareStatement(SQL)) {
            int p = 1;
            st.setArray(p++, c.createArrayOf("text", moveStream));
            st.setArray(p++, c.createArrayOf("bigint", moveFrom));
            st.setArray(p++, c.createArrayOf("bigint", moveBy));
            st.setArray(p++, c.createArrayOf("text", createStream));
            st.setArray(p++, c.createArrayOf("bigint", createAt));
            st.setLong(p++, total);
            st.setLong(p++, appends);
            st.setLong(p++, micros);
            st.setLong(p++, total);
            st.setArray(p++, c.createArrayOf("uuid", id));
            st.setArray(p++, c.createArrayOf("text", stream));
            st.setArray(p++, c.createArrayOf("bigint", version));
            st.setArray(p++, c.createArrayOf("text", type));
            st.setArray(p++, c.createArrayOf("integer", sv));
            st.setArray(p++, c.createArrayOf("text", meta));
            st.setArray(p++, c.createArrayOf("text", payload));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long inserted = rs.getLong(2);
                if (inserted != total) throw new SQLException("ALLFRAME-0307 batch append wrote " + inserted + " of " + total + " events");
                return rs.getLong(1) - total + 1;
            }
        }
    }
}
