package dev.allframe.allsource.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.util.List;

/**
 * The Parquet schema of a history file: one row per event, all columns required.
 * <pre>
 * event_id       FIXED_LEN_BYTE_ARRAY(16) UUID
 * stream         BINARY STRING
 * version        INT64                     stream version, 1-based
 * position       INT64                     global position, 1-based
 * timestamp      INT64 TIMESTAMP(MICROS, UTC)
 * type           BINARY STRING
 * schema_version INT32
 * metadata       BINARY STRING             JSON text, "" when the event has none
 * payload        BINARY STRING             JSON text
 * </pre>
 * Field indexes below follow the column order.
 */
public final class HistorySchema {
    /** Key-value footer entry that marks an AllSource history file, with its format version. */
    public static final String FORMAT_KEY = "allsource.history.format";
    /** Current format version. */
    public static final String FORMAT_VERSION = "1";

    static final int EVENT_ID = 0, STREAM = 1, VERSION = 2, POSITION = 3, TIMESTAMP = 4, TYPE = 5,
            SCHEMA_VERSION = 6, METADATA = 7, PAYLOAD = 8;

    /** Column names in order. */
    public static final List<String> COLUMNS = List.of("event_id", "stream", "version", "position", "timestamp",
            "type", "schema_version", "metadata", "payload");

    /** The schema every history file is written with. */
    public static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(16).as(LogicalTypeAnnotation.uuidType()).named("event_id")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("stream")
            .required(PrimitiveTypeName.INT64).named("version")
            .required(PrimitiveTypeName.INT64).named("position")
            .required(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named("timestamp")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("type")
            .required(PrimitiveTypeName.INT32).named("schema_version")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("metadata")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("payload")
            .named("allsource_event");

    /** Columns whose values are (nearly) unique per row: dictionary encoding would only cost time. */
    static final List<String> NO_DICTIONARY = List.of("event_id", "version", "position", "timestamp", "payload");

    private HistorySchema() {
    }
}
