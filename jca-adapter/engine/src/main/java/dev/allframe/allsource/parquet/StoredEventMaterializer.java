package dev.allframe.allsource.parquet;

import dev.allframe.allsource.StoredEvent;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;

import java.nio.ByteBuffer;
import java.util.UUID;

/** Builds a {@link StoredEvent} from one row of a history file (no intermediate Group objects). */
final class StoredEventMaterializer extends RecordMaterializer<StoredEvent> {
    private UUID id;
    private String stream, type;
    private long version, position, timestamp;
    private int schemaVersion;
    private byte[] metadata, payload;

    private final Converter[] fields = {
            binary(b -> {
                ByteBuffer u = b.toByteBuffer();
                id = new UUID(u.getLong(u.position()), u.getLong(u.position() + 8));
            }),
            binary(b -> stream = b.toStringUsingUTF8()),
            int64(v -> version = v),
            int64(v -> position = v),
            int64(v -> timestamp = v),
            binary(b -> type = b.toStringUsingUTF8()),
            new PrimitiveConverter() {
                @Override
                public void addInt(int value) {
                    schemaVersion = value;
                }
            },
            binary(b -> metadata = copy(b)),
            binary(b -> payload = copy(b)),
    };

    private final GroupConverter root = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            id = null;
        }

        @Override
        public void end() {
        }
    };

    @Override
    public StoredEvent getCurrentRecord() {
        return new StoredEvent(id, stream, version, position, timestamp, type, schemaVersion, metadata, payload);
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    /** Copies the bytes so that no two events share an array (dictionary pages reuse values). */
    private static byte[] copy(Binary b) {
        ByteBuffer buf = b.toByteBuffer();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    private interface BinarySink {
        void accept(Binary b);
    }

    private interface LongSink {
        void accept(long v);
    }

    private static PrimitiveConverter binary(BinarySink sink) {
        return new PrimitiveConverter() {
            @Override
            public void addBinary(Binary value) {
                sink.accept(value);
            }
        };
    }

    private static PrimitiveConverter int64(LongSink sink) {
        return new PrimitiveConverter() {
            @Override
            public void addLong(long value) {
                sink.accept(value);
            }
        };
    }
}
