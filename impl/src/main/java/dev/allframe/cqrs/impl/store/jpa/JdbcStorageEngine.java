package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.StoreStats;
import dev.allframe.cqrs.WrongExpectedVersionException;
import dev.allframe.cqrs.spi.CheckpointStorage;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.spi.SnapshotStorage;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

import static dev.allframe.cqrs.impl.store.jpa.EventRows.*;

/**
 * The relational backend ({@code allframe.store.backend=jpa}) on H2 or PostgreSQL, in plain JDBC
 * over a {@link DataSource}: the server's JTA data source in the container, any pooled or plain
 * data source outside it.
 * <p>
 * <b>Gap-free, commit-ordered positions.</b> An append first moves its stream's row in
 * {@code allframe_streams} from the expected to the new version (row-locked until commit: of
 * racing writers exactly one succeeds). Positions are taken as the last step before commit from
 * the single row of {@code allframe_position} ({@code UPDATE ... SET last_position =
 * last_position + n}), which stays row-locked until commit: committers are serialised for the
 * short commit window only, a later committer waits for the earlier one to commit (or roll back,
 * which undoes its increment too), so positions are contiguous and no reader can see position N+1
 * before N. Readers of the global log only see rows with a position, i.e. committed ones. Commit
 * timestamps are taken under the same lock and never decrease. Outside a JTA transaction,
 * concurrent appends are group-committed ({@link GroupCommit}). See {@code impl/README-jpa.md}.
 * <p>
 * Inside an active JTA transaction (a {@link TransactionSynchronizationRegistry} is given and
 * a transaction is active) rows are inserted without positions and numbered in an interposed
 * {@link Synchronization}'s {@code beforeCompletion}, and {@link #append} returns positions 0
 * (known after commit, like the AllSource backend). Outside one, appends commit on their own,
 * batched with concurrent ones.
 */
public class JdbcStorageEngine implements EventStorageEngine {
    private static final Logger LOG = Logger.getLogger(JdbcStorageEngine.class.getName());

    private final DataSource dataSource;
    private final Optional<TransactionSynchronizationRegistry> jta;
    private volatile SqlDialect dialect;
    /**
     * One batch in flight: a second one (tried on PostgreSQL) only waits at the counter row, which
     * the first holds until its WAL flush, and then needs a flush of its own, so it halves the
     * batches and gains nothing.
     */
    private final GroupCommit groupCommit = new GroupCommit(this, 1);

    /**
     * @param dataSource where the tables live
     * @param jta        the container's registry, or empty when appends manage local transactions
     */
    public JdbcStorageEngine(DataSource dataSource, Optional<TransactionSynchronizationRegistry> jta) {
        this.dataSource = dataSource;
        this.jta = jta;
    }

    /** Creates the tables if they do not exist (see {@link SqlDialect#ddl()}). */
    public JdbcStorageEngine createSchema() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : SqlDialect.of(c).ddl()) s.execute(sql);
            if (!inTransaction() && !c.getAutoCommit()) c.commit();
            return this;
        } catch (SQLException e) {
            throw new EventStoreException("ALLFRAME-0302 cannot create the event store tables: " + e.getMessage(), e);
        }
    }

    /** Diagnostics: how many group-committed batches were written and how many appends they held. */
    public String groupCommitStats() {
        long b = groupCommit.batches.sum();
        long n = groupCommit.batched.sum();
        return b + " batches, " + n + " appends (" + (b == 0 ? 0 : n / (double) b) + " a batch)";
    }

    @Override
    public SnapshotStorage snapshots() {
        return new JdbcSnapshotStorage(this);
    }

    @Override
    public CheckpointStorage checkpoints() {
        return new JdbcCheckpointStorage(this);
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    SqlDialect dialect() throws SQLException {
        SqlDialect d = dialect;
        if (d == null) {
            try (Connection c = dataSource.getConnection()) {
                d = dialect = SqlDialect.of(c);
            }
        }
        return d;
    }

    boolean inTransaction() {
        return jta.map(r -> r.getTransactionStatus() == Status.STATUS_ACTIVE).orElse(false);
    }

    @Override
    public AppendResult append(String stream, long expectedVersion, List<SerializedEvent> events) {
        if (inTransaction()) return appendInJta(stream, expectedVersion, events);
        if (events.isEmpty()) return appendAlone(stream, expectedVersion, events);
        return groupCommit.append(stream, expectedVersion, events);
    }


    /**
     * Writes a batch of appends, completing each request's outcome. On PostgreSQL the appends with
     * an exact expected version go in one statement ({@link BatchAppend}: one round trip with the
     * commit); the others (and all on H2) in one local transaction of the general path
     * ({@link #commitTogether}). A second append to a stream already in the batch runs alone after it.
     */
    void commitBatch(List<GroupCommit.Request> batch) {
        List<GroupCommit.Request> oneStatement = new ArrayList<>();
        List<GroupCommit.Request> together = new ArrayList<>();
        List<GroupCommit.Request> after = new ArrayList<>();
        SqlDialect d;
        try {
            d = dialect();
        } catch (SQLException e) {
            d = null;
        }
        Set<String> streams = new HashSet<>();
        int events = 0;
        for (GroupCommit.Request r : batch) {
            if (!streams.add(r.stream())) {
                after.add(r);
            } else if (d != null && BatchAppend.applies(d, r.expectedVersion(), r.events())
                    && events + r.events().size() <= BatchAppend.MAX_EVENTS) {
                oneStatement.add(r);
                events += r.events().size();
            } else {
                together.add(r);
            }
        }
        if (!oneStatement.isEmpty()) commitInOneStatement(oneStatement);
        if (!together.isEmpty()) {
            SqlDialect h2 = d;
            boolean claimAll = h2 == SqlDialect.H2 && together.size() > 1
                    && together.stream().allMatch(r -> r.expectedVersion() >= ExpectedVersion.NO_STREAM && !r.events().isEmpty());
            commitTogether(together, claimAll);
        }
        runAlone(after);
    }

    /**
     * The PostgreSQL path of {@link #commitBatch}: all appends or none. If it wrote nothing (a claim
     * failed, or any error), the batch takes the general path, where each append gets its outcome.
     */
    private void commitInOneStatement(List<GroupCommit.Request> batch) {
        long position;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try {
                position = BatchAppend.append(c, batch.stream().map(GroupCommit.Request::stream).toList(),
                        batch.stream().map(GroupCommit.Request::expectedVersion).toList(),
                        batch.stream().map(GroupCommit.Request::events).toList(), System.currentTimeMillis() * 1000);
                if (!autoCommit) c.commit();
            } catch (SQLException | RuntimeException e) {
                if (!autoCommit) c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (!(e instanceof SQLException s && BatchAppend.CLAIM_FAILED.equals(s.getSQLState())))
                LOG.fine(() -> "ALLFRAME-0306 one-statement group commit of " + batch.size() + " appends fell back: " + e);
            commitTogether(batch, false);
            return;
        }
        for (GroupCommit.Request r : batch) {
            long n = r.events().size();
            r.complete(new AppendResult(r.stream(), r.expectedVersion() + 1, r.expectedVersion() + n, position, position + n - 1));
            position += n;
        }
    }

    /**
     * Writes a batch of appends in one local transaction: claims each stream in order, inserts all
     * events in one JDBC batch, numbers them, commits. An append whose claim fails is left out and
     * run alone afterwards (where it gets its exact outcome: conflict, or the original result of an
     * idempotent retry); if anything else fails, the transaction rolls back and every append of the
     * batch runs alone. {@code claimAll} (H2, exact expectations): all streams are claimed in one
     * statement ({@link EventRows#claimAll}); if one claim fails, the batch starts over claiming one
     * by one.
     */
    private void commitTogether(List<GroupCommit.Request> batch, boolean claimAll) {
        List<GroupCommit.Request> claimed = new ArrayList<>();
        List<GroupCommit.Request> alone = new ArrayList<>();
        List<AppendResult> results = new ArrayList<>();
        boolean committed = false;
        boolean oneByOne = false;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<Pending> pending = new ArrayList<>();
                if (claimAll && !EventRows.claimAll(c, batch)) {
                    c.rollback();
                    oneByOne = true;
                } else if (claimAll) {
                    for (GroupCommit.Request r : batch) {
                        claimed.add(r);
                        pending.add(new Pending(r.stream(), r.expectedVersion() + 1, r.expectedVersion() + r.events().size()));
                    }
                }
                for (GroupCommit.Request r : claimAll ? List.<GroupCommit.Request>of() : batch) {   // one by one
                    long actual;
                    try {
                        actual = claim(c, dialect(), r.stream(), r.expectedVersion(), r.events().size());
                    } catch (WrongExpectedVersionException e) {
                        alone.add(r);
                        continue;
                    }
                    claimed.add(r);
                    pending.add(new Pending(r.stream(), actual + 1, actual + r.events().size()));
                }
                if (!claimed.isEmpty()) {
                    Taken taken = bump(c, dialect(), pending.stream().mapToLong(Pending::count).sum());
                    insertAll(c, claimed, pending, taken);
                    long first = taken.first();
                    c.commit();
                    committed = true;
                    for (Pending p : pending) {
                        results.add(new AppendResult(p.stream(), p.firstVersion(), p.lastVersion(), first, first + p.count() - 1));
                        first += p.count();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                LOG.fine(() -> "ALLFRAME-0306 group commit of " + batch.size() + " appends fell back to single appends: " + e);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            LOG.fine(() -> "ALLFRAME-0306 group commit of " + batch.size() + " appends fell back to single appends: " + e);
        }
        if (oneByOne) {
            commitTogether(batch, false);
            return;
        }
        if (committed) {
            for (int i = 0; i < claimed.size(); i++) claimed.get(i).complete(results.get(i));
        } else {
            alone.clear();
            alone.addAll(batch);
        }
        runAlone(alone);
    }

    private void runAlone(List<GroupCommit.Request> requests) {
        for (GroupCommit.Request r : requests) {
            try {
                r.complete(appendAlone(r.stream(), r.expectedVersion(), r.events()));
            } catch (RuntimeException | Error e) {
                r.fail(e);
            }
        }
    }

    /** One append in its own local transaction (the path of conflicts, retries and empty appends). */
    private AppendResult appendAlone(String stream, long expectedVersion, List<SerializedEvent> events) {
        for (int attempt = 1; ; attempt++) {
            try {
                return appendLocally(stream, expectedVersion, events);
            } catch (ConcurrentInsert e) {
                Optional<AppendResult> original = findStored(stream, events);
                if (original.isPresent()) return original.get();
                requireNoIdStored(events);
                long actual = version(stream);
                boolean retry = (expectedVersion == ExpectedVersion.ANY || (expectedVersion == ExpectedVersion.EXISTS && actual > 0))
                        && attempt < ANY_RETRIES;
                if (!retry) throw new WrongExpectedVersionException(stream, expectedVersion, actual);
            }
        }
    }

    private AppendResult appendLocally(String stream, long expectedVersion, List<SerializedEvent> events) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long actual;
                try {
                    actual = claim(c, dialect(), stream, expectedVersion, events.size());
                } catch (WrongExpectedVersionException e) {
                    c.rollback();
                    Optional<AppendResult> original = findStored(c, stream, events);   // an idempotent retry?
                    if (original.isPresent()) return original.get();
                    throw e;
                }
                if (events.isEmpty()) {
                    c.rollback();
                    return new AppendResult(stream, actual, actual, 0, 0);
                }
                Taken taken = bump(c, dialect(), events.size());
                insert(c, stream, actual, events, taken);
                long first = taken.first();
                c.commit();
                return new AppendResult(stream, actual + 1, actual + events.size(), first, first + events.size() - 1);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) throw new ConcurrentInsert(s);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure("append to '" + stream + "'", e);
        }
    }

    private AppendResult appendInJta(String stream, long expectedVersion, List<SerializedEvent> events) {
        TransactionSynchronizationRegistry registry = jta.orElseThrow();
        try (Connection c = dataSource.getConnection()) {
            Optional<AppendResult> original = findStored(c, stream, events);
            if (original.isPresent()) return original.get();
            long actual = claim(c, dialect(), stream, expectedVersion, events.size());
            if (events.isEmpty()) return new AppendResult(stream, actual, actual, 0, 0);
            try {
                insert(c, stream, actual, events, new Taken(0, 0));
            } catch (SQLException e) {
                // the stream row is ours, so only an event id can collide: a concurrent transaction stores it
                if (UNIQUE_VIOLATION.equals(e.getSQLState()))
                    throw new EventStoreException("ALLFRAME-0305 an event id of this append to '" + stream
                            + "' is being stored by a concurrent transaction; retry the transaction", e);
                throw e;
            }
            numbering(registry).add(new Pending(stream, actual + 1, actual + events.size()));
            return new AppendResult(stream, actual + 1, actual + events.size(), 0, 0);
        } catch (SQLException e) {
            throw failure("append to '" + stream + "'", e);
        }
    }

    /** The appends of one JTA transaction still waiting for positions, numbered before commit. */
    private final class Numbering implements Synchronization {
        final List<Pending> pending = new ArrayList<>();

        void add(Pending p) {
            pending.add(p);
        }

        @Override
        public void beforeCompletion() {
            try (Connection c = dataSource.getConnection()) {
                number(c, dialect(), pending);
            } catch (SQLException e) {
                throw failure("assign positions at commit", e);
            }
        }

        @Override
        public void afterCompletion(int status) {
            pending.clear();
        }
    }

    private Numbering numbering(TransactionSynchronizationRegistry registry) {
        Object key = Numbering.class.getName() + '@' + System.identityHashCode(this);
        Numbering n = (Numbering) registry.getResource(key);
        if (n == null) {
            n = new Numbering();
            registry.putResource(key, n);
            registry.registerInterposedSynchronization(n);
        }
        return n;
    }

    /** After a unique-key failure that was not a version race: some id of the append belongs to another append. */
    private void requireNoIdStored(List<SerializedEvent> events) {
        try (Connection c = dataSource.getConnection()) {
            for (SerializedEvent e : events) {
                Optional<StoredRecord> r = byId(c, e.id());
                if (r.isPresent()) throw new IllegalArgumentException("event id " + e.id() + " is already stored in stream '"
                        + r.get().stream() + "' at version " + r.get().version() + " as part of a different append");
            }
        } catch (SQLException e) {
            throw failure("look up event ids", e);
        }
    }

    private Optional<AppendResult> findStored(String stream, List<SerializedEvent> events) {
        try (Connection c = dataSource.getConnection()) {
            return findStored(c, stream, events);
        } catch (SQLException e) {
            throw failure("look up event ids", e);
        }
    }

    /** The original result if the append's first event id is stored already. */
    private Optional<AppendResult> findStored(Connection c, String stream, List<SerializedEvent> events) throws SQLException {
        if (events.isEmpty()) return Optional.empty();
        Optional<StoredRecord> first = byId(c, events.get(0).id());
        if (first.isEmpty()) return Optional.empty();
        Optional<StoredRecord> last = byId(c, events.get(events.size() - 1).id());
        if (last.isEmpty() || !first.get().stream().equals(stream) || !last.get().stream().equals(stream))
            throw new IllegalArgumentException("event id " + events.get(0).id() + " is already stored in stream '" + first.get().stream()
                    + "' as part of a different append");
        return Optional.of(new AppendResult(stream, first.get().version(), last.get().version(), first.get().position(), last.get().position(), true));
    }

    @Override
    public List<StoredRecord> read(String stream, ReadOptions o) {
        if (o.maxCount() == 0) return List.of();
        String sql = o.backward()
                ? "SELECT " + COLUMNS + " FROM allframe_events WHERE stream = ? AND version <= ? ORDER BY version DESC LIMIT ?"
                : "SELECT " + COLUMNS + " FROM allframe_events WHERE stream = ? AND version >= ? ORDER BY version LIMIT ?";
        return query("read stream '" + stream + "'", sql, stream, o.fromVersion(), o.maxCount());
    }

    @Override
    public List<StoredRecord> readAll(long fromPosition, int maxCount) {
        if (maxCount == 0) return List.of();
        return query("read all", "SELECT " + COLUMNS + " FROM allframe_events WHERE position >= ? ORDER BY position LIMIT ?",
                fromPosition, maxCount);
    }

    @Override
    public List<StoredRecord> readByType(String type, long fromPosition, int maxCount) {
        if (maxCount == 0) return List.of();
        return query("read type '" + type + "'",
                "SELECT " + COLUMNS + " FROM allframe_events WHERE type = ? AND position >= ? ORDER BY position LIMIT ?",
                type, fromPosition, maxCount);
    }

    @Override
    public List<StoredRecord> readAsOfPosition(String stream, long position) {
        return query("read stream '" + stream + "' as of a position", "SELECT " + COLUMNS
                + " FROM allframe_events WHERE stream = ? AND position IS NOT NULL AND position <= ? ORDER BY version", stream, position);
    }

    @Override
    public List<StoredRecord> readAsOfTime(String stream, long timestampMicros) {
        return query("read stream '" + stream + "' as of a time", "SELECT " + COLUMNS
                + " FROM allframe_events WHERE stream = ? AND position IS NOT NULL AND created_micros <= ? ORDER BY version",
                stream, timestampMicros);
    }

    @Override
    public long version(String stream) {
        try (Connection c = dataSource.getConnection()) {
            return EventRows.version(c, stream);
        } catch (SQLException e) {
            throw failure("read the version of '" + stream + "'", e);
        }
    }

    @Override
    public long lastPosition() {
        return single("SELECT last_position FROM allframe_position WHERE id = 1");
    }

    @Override
    public StoreStats stats() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT p.last_position, (SELECT COUNT(*) FROM allframe_streams), p.last_position"
                     + " FROM allframe_position p WHERE p.id = 1");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return new StoreStats(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        } catch (SQLException e) {
            throw failure("count events", e);
        }
    }

    private long single(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            if (!rs.next()) throw new EventStoreException("ALLFRAME-0303 the row of allframe_position is missing (see impl/README-jpa.md)");
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("read the last position", e);
        }
    }

    private List<StoredRecord> query(String what, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) q.setObject(i + 1, args[i]);
            return records(q);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    static EventStoreException failure(String what, SQLException e) {
        LOG.warning("ALLFRAME-0304 relational event store cannot " + what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
        return new EventStoreException("ALLFRAME-0304 relational event store cannot " + what + ": " + e.getMessage()
                + " (SQLState " + e.getSQLState() + ")", e);
    }

    /** A unique key was taken by a concurrent transaction; the caller decides between retry and conflict. */
    private static final class ConcurrentInsert extends RuntimeException {
        ConcurrentInsert(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
