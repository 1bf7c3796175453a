package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.WrongExpectedVersionException;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of the relational backend's write path: claiming a stream's next versions, taking
 * positions from the counter, inserting and numbering event rows, and reading rows back.
 * Every method works on the caller's connection and transaction.
 */
final class EventRows {
    private EventRows() {
    }

    static final String COLUMNS =
            "event_id, stream, version, COALESCE(position, 0), created_micros, type, schema_version, metadata, payload";
    static final int ANY_RETRIES = 20;
    static final String UNIQUE_VIOLATION = "23505";

    /**
     * Moves the stream's row from its current version to current + {@code n} if that satisfies the
     * expectation, and returns the old version. The update row-locks the stream until commit, so of
     * racing writers exactly one moves it; the others wait for it and then find the row moved.
     * {@code ANY} (and {@code EXISTS} on an existing stream) retries with the new version.
     */
    static long claim(Connection c, SqlDialect dialect, String stream, long expected, int n) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            long actual = expected > 0 ? expected : expected == ExpectedVersion.NO_STREAM ? 0 : version(c, stream);
            if (n == 0 || !ExpectedVersion.matches(expected, actual)) {
                long now = version(c, stream);
                if (!ExpectedVersion.matches(expected, now)) throw new WrongExpectedVersionException(stream, expected, now);
                return now;
            }
            if (actual == 0 ? createStream(c, dialect, stream, n) : moveStream(c, stream, actual, actual + n)) return actual;
            long now = version(c, stream);
            boolean retry = expected == ExpectedVersion.ANY || (expected == ExpectedVersion.EXISTS && now > 0);
            if (!retry || attempt >= ANY_RETRIES) throw new WrongExpectedVersionException(stream, expected, now);
        }
    }

    /**
     * H2: claims the streams of a batch of appends with exact expected versions (or NO_STREAM), all
     * distinct, in one statement; true if every claim succeeded. If not, the caller rolls back and
     * claims one by one ({@link #claim}), which tells each append its outcome.
     */
    static boolean claimAll(Connection c, List<GroupCommit.Request> requests) throws SQLException {
        int n = requests.size();
        String[] streams = new String[n];
        Long[] expected = new Long[n];
        Long[] count = new Long[n];
        for (int i = 0; i < n; i++) {
            GroupCommit.Request r = requests.get(i);
            streams[i] = r.stream();
            expected[i] = r.expectedVersion();
            count[i] = (long) r.events().size();
        }
        try (PreparedStatement st = c.prepareStatement("MERGE INTO allframe_streams t USING (SELECT * FROM UNNEST("
                + "CAST(? AS VARCHAR(512) ARRAY), CAST(? AS BIGINT ARRAY), CAST(? AS BIGINT ARRAY))) AS s(stream, expected, n)"
                + " ON t.stream = s.stream"
                + " WHEN MATCHED AND t.version = s.expected AND s.expected > 0 THEN UPDATE SET version = s.expected + s.n"
                + " WHEN NOT MATCHED AND s.expected = 0 THEN INSERT (stream, version) VALUES (s.stream, s.n)")) {
            st.setObject(1, streams);
            st.setObject(2, expected);
            st.setObject(3, count);
            return st.executeUpdate() == n;
        }
    }

    static boolean createStream(Connection c, SqlDialect dialect, String stream, long version) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement(dialect.createStream())) {
            ins.setString(1, stream);
            ins.setLong(2, version);
            return ins.executeUpdate() == 1;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) return false;   // H2: created concurrently
            throw e;
        }
    }

    static boolean moveStream(Connection c, String stream, long from, long to) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE allframe_streams SET version = ? WHERE stream = ? AND version = ?")) {
            up.setLong(1, to);
            up.setString(2, stream);
            up.setLong(3, from);
            return up.executeUpdate() == 1;
        }
    }


    /** Versions {@code first..last} of a stream, written by this transaction, without positions yet. */
    record Pending(String stream, long firstVersion, long lastVersion) {
        long count() {
            return lastVersion - firstVersion + 1;
        }
    }

    /** The first of {@code total} positions taken from the counter, and the commit time stamped on them. */
    record Taken(long first, long micros) {
    }

    /** Takes {@code total} positions from the counter, which stays row-locked until this transaction ends. */
    static Taken bump(Connection c, SqlDialect dialect, long total) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(dialect.bumpPositionCounter())) {
            up.setLong(1, total);
            up.setLong(2, System.currentTimeMillis() * 1000);
            try (ResultSet rs = up.executeQuery()) {
                if (!rs.next()) throw new SQLException("ALLFRAME-0303 the row of allframe_position is missing (see impl/README-jpa.md)");
                return new Taken(rs.getLong(1) - total + 1, rs.getLong(2));
            }
        }
    }

    /** Numbers rows inserted without positions (JTA path); returns the first position. */
    static long number(Connection c, SqlDialect dialect, List<Pending> pending) throws SQLException {
        Taken taken = bump(c, dialect, pending.stream().mapToLong(Pending::count).sum());
        long micros = taken.micros();
        long next = taken.first();
        long first = next;
        try (PreparedStatement set = c.prepareStatement("UPDATE allframe_events SET position = ? + version, created_micros = ?"
                + " WHERE stream = ? AND version BETWEEN ? AND ? AND position IS NULL")) {
            for (Pending p : pending) {
                set.setLong(1, next - p.firstVersion());
                set.setLong(2, micros);
                set.setString(3, p.stream());
                set.setLong(4, p.firstVersion());
                set.setLong(5, p.lastVersion());
                set.addBatch();
                next += p.count();
            }
            set.executeBatch();
        }
        return first;
    }

    private static final String INSERT = "INSERT INTO allframe_events"
            + " (event_id, stream, version, position, created_micros, type, schema_version, metadata, payload)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Adds the rows of one append after version {@code actual}; {@code firstPosition} 0: numbered at commit. */
    static void addRows(PreparedStatement ins, String stream, long actual, List<SerializedEvent> events,
                                long firstPosition, long micros) throws SQLException {
        long v = actual;
        long position = firstPosition;
        for (SerializedEvent e : events) {
            ins.setObject(1, e.id());
            ins.setString(2, stream);
            ins.setLong(3, ++v);
            if (firstPosition == 0) ins.setNull(4, java.sql.Types.BIGINT);
            else ins.setLong(4, position++);
            ins.setLong(5, micros);
            ins.setString(6, e.type());
            ins.setInt(7, e.schemaVersion());
            ins.setString(8, e.metadataJson());
            ins.setString(9, e.payloadJson());
            ins.addBatch();
        }
    }

    static void insert(Connection c, String stream, long actual, List<SerializedEvent> events, Taken taken) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement(INSERT)) {
            addRows(ins, stream, actual, events, taken.first(), taken.micros());
            ins.executeBatch();
        } catch (java.sql.BatchUpdateException e) {
            // drivers report the cause of a failed batch in the chain
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            if (UNIQUE_VIOLATION.equals(cause.getSQLState()) || UNIQUE_VIOLATION.equals(e.getSQLState()))
                throw new SQLException(cause.getMessage(), UNIQUE_VIOLATION, e);
            throw e;
        }
    }


    static Optional<StoredRecord> byId(Connection c, UUID id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM allframe_events WHERE event_id = ?")) {
            q.setObject(1, id);
            List<StoredRecord> found = records(q);
            return found.stream().findFirst();
        }
    }

    static long version(Connection c, String stream) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT version FROM allframe_streams WHERE stream = ?")) {
            q.setString(1, stream);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }


    static List<StoredRecord> records(PreparedStatement q) throws SQLException {
        List<StoredRecord> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredRecord(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9)));
            }
        }
        return out;
    }


    static void insertAll(Connection c, List<GroupCommit.Request> requests, List<Pending> pending, Taken taken) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement(INSERT)) {
            long position = taken.first();
            for (int i = 0; i < requests.size(); i++) {
                addRows(ins, requests.get(i).stream(), pending.get(i).firstVersion() - 1, requests.get(i).events(), position, taken.micros());
                position += pending.get(i).count();
            }
            ins.executeBatch();
        }
    }
}
