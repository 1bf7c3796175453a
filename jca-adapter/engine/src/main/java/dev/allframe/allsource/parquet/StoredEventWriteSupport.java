package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.nio.ByteBuffer;
import java.util.Map;

import static dev.allframe.allsource.parquet.HistorySchema.*;

/** Writes {@link StoredEvent}s straight to Parquet's record consumer (no intermediate Group objects). */
final class StoredEventWriteSupport extends WriteSupport<StoredEvent> {
    private RecordConsumer out;
    private final ByteBuffer uuid = ByteBuffer.allocate(16);

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(SCHEMA, Map.of(FORMAT_KEY, FORMAT_VERSION));
    }

    /** Not used: this writer never runs on a Hadoop {@code Configuration}. */
    @Override
    public WriteContext init(Configuration configuration) {
        throw new UnsupportedOperationException("AllSource history files are written without Hadoop");
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(StoredEvent e) {
        out.startMessage();
        uuid.clear();
        uuid.putLong(e.id().getMostSignificantBits()).putLong(e.id().getLeastSignificantBits());
        field(EVENT_ID, Binary.fromConstantByteArray(uuid.array().clone()));
        field(STREAM, Binary.fromString(e.stream()));
        longField(VERSION, e.version());
        longField(POSITION, e.position());
        longField(TIMESTAMP, e.timestampMicros());
        field(TYPE, Binary.fromString(e.type()));
        out.startField(COLUMNS.get(SCHEMA_VERSION), SCHEMA_VERSION);
        out.addInteger(e.schemaVersion());
        out.endField(COLUMNS.get(SCHEMA_VERSION), SCHEMA_VERSION);
        field(METADATA, bytes(e.metadata()));
        field(PAYLOAD, bytes(e.payload()));
        out.endMessage();
    }

    private static Binary bytes(byte[] b) {
        return b == null || b.length == 0 ? Binary.fromString("") : Binary.fromReusedByteArray(b);
    }

    private void field(int index, Binary value) {
        String name = COLUMNS.get(index);
        out.startField(name, index);
        out.addBinary(value);
        out.endField(name, index);
    }

    private void longField(int index, long value) {
        String name = COLUMNS.get(index);
        out.startField(name, index);
        out.addLong(value);
        out.endField(name, index);
    }
}
