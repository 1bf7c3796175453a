package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our history files are standard Parquet: DuckDB reads them with the intended column types. */
class DuckDbReadsHistoryFileTest {
    @TempDir Path dir;

    @Test
    void duckDbSeesTheIntendedColumnTypes() throws SQLException {
        Path file = dir.resolve("h.parquet");
        ParquetHistory.write(file, HistoryEvents.sample(10));

        Map<String, String> types = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
            while (rs.next()) types.put(rs.getString("column_name"), rs.getString("column_type"));
        }

        assertThat(types).containsExactly(
                Map.entry("event_id", "UUID"),
                Map.entry("stream", "VARCHAR"),
                Map.entry("version", "BIGINT"),
                Map.entry("position", "BIGINT"),
                Map.entry("timestamp", "TIMESTAMP WITH TIME ZONE"),
                Map.entry("type", "VARCHAR"),
                Map.entry("schema_version", "INTEGER"),
                Map.entry("metadata", "VARCHAR"),
                Map.entry("payload", "VARCHAR"));
    }

    @Test
    void duckDbReadsEveryRowWithItsValues() throws SQLException {
        List<StoredEvent> events = HistoryEvents.sample(2_000);
        Path file = dir.resolve("h.parquet");
        ParquetHistory.write(file, events);

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id::VARCHAR, stream, version, position, epoch_us(timestamp), "
                     + "type, schema_version, metadata, payload FROM read_parquet('" + file + "') ORDER BY position")) {
            int i = 0;
            while (rs.next()) {
                StoredEvent e = events.get(i++);
                assertThat(rs.getString(1)).isEqualTo(e.id().toString());
                assertThat(rs.getString(2)).isEqualTo(e.stream());
                assertThat(rs.getLong(3)).isEqualTo(e.version());
                assertThat(rs.getLong(4)).isEqualTo(e.position());
                assertThat(rs.getLong(5)).isEqualTo(e.timestampMicros());
                assertThat(rs.getString(6)).isEqualTo(e.type());
                assertThat(rs.getInt(7)).isEqualTo(e.schemaVersion());
                assertThat(rs.getString(8)).isEqualTo(new String(e.metadata(), java.nio.charset.StandardCharsets.UTF_8));
                assertThat(rs.getString(9)).isEqualTo(new String(e.payload(), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(i).isEqualTo(events.size());
        }
    }

    @Test
    void aParquetFileOfAnotherShapeIsRejectedAsNotAHistoryFile() throws SQLException {
        Path file = dir.resolve("foreign.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 42 AS answer) TO '" + file + "' (FORMAT parquet)");
        }

        assertThatThrownBy(() -> ParquetHistory.read(file))
                .isInstanceOf(HistoryFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not an AllSource history file");
    }
}
