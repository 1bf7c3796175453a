package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.spi.SnapshotStorage;
import dev.allframe.cqrs.spi.StoredSnapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Snapshots in {@code allframe_snapshots}: one row per stream, replaced by newer versions. */
public class JdbcSnapshotStorage implements SnapshotStorage {
    private final JdbcStorageEngine engine;

    public JdbcSnapshotStorage(JdbcStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public void save(StoredSnapshot s) {
        try (Connection c = engine.connection()) {
            String sql = switch (engine.dialect()) {
                case POSTGRESQL -> "INSERT INTO allframe_snapshots (stream, version, type, state, created_micros) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (stream) DO UPDATE SET version = EXCLUDED.version, type = EXCLUDED.type, state = EXCLUDED.state,"
                        + " created_micros = EXCLUDED.created_micros WHERE allframe_snapshots.version < EXCLUDED.version";
                case H2 -> "MERGE INTO allframe_snapshots (stream, version, type, state, created_micros) KEY (stream) VALUES (?, ?, ?, ?, ?)";
            };
            if (engine.dialect() == SqlDialect.H2 && load(c, s.stream()).filter(old -> old.version() >= s.version()).isPresent()) return;
            try (PreparedStatement up = c.prepareStatement(sql)) {
                up.setString(1, s.stream());
                up.setLong(2, s.version());
                up.setString(3, s.type());
                up.setString(4, s.stateJson());
                up.setLong(5, System.currentTimeMillis() * 1000);
                up.executeUpdate();
            }
            if (!engine.inTransaction() && !c.getAutoCommit()) c.commit();
        } catch (SQLException e) {
            throw JdbcStorageEngine.failure("save a snapshot of '" + s.stream() + "'", e);
        }
    }

    @Override
    public Optional<StoredSnapshot> load(String stream) {
        try (Connection c = engine.connection()) {
            return load(c, stream);
        } catch (SQLException e) {
            throw JdbcStorageEngine.failure("load the snapshot of '" + stream + "'", e);
        }
    }

    private static Optional<StoredSnapshot> load(Connection c, String stream) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT version, type, state FROM allframe_snapshots WHERE stream = ?")) {
            q.setString(1, stream);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new StoredSnapshot(stream, rs.getLong(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        }
    }
}
