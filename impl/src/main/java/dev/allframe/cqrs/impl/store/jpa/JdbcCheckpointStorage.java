package dev.allframe.cqrs.impl.store.jpa;

import dev.allframe.cqrs.spi.CheckpointStorage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Checkpoints in {@code allframe_checkpoints}; inside a JTA transaction they commit with it. */
public class JdbcCheckpointStorage implements CheckpointStorage {
    private final JdbcStorageEngine engine;

    public JdbcCheckpointStorage(JdbcStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public long load(String subscription) {
        try (Connection c = engine.connection();
             PreparedStatement q = c.prepareStatement("SELECT position FROM allframe_checkpoints WHERE name = ?")) {
            q.setString(1, subscription);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw JdbcStorageEngine.failure("load the checkpoint of '" + subscription + "'", e);
        }
    }

    @Override
    public void save(String subscription, long position) {
        try (Connection c = engine.connection()) {
            String sql = switch (engine.dialect()) {
                case POSTGRESQL -> "INSERT INTO allframe_checkpoints (name, position) VALUES (?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position";
                case H2 -> "MERGE INTO allframe_checkpoints (name, position) KEY (name) VALUES (?, ?)";
            };
            try (PreparedStatement up = c.prepareStatement(sql)) {
                up.setString(1, subscription);
                up.setLong(2, position);
                up.executeUpdate();
            }
            if (!engine.inTransaction() && !c.getAutoCommit()) c.commit();
        } catch (SQLException e) {
            throw JdbcStorageEngine.failure("save the checkpoint of '" + subscription + "'", e);
        }
    }
}
