package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStoreException;
import dev.allframe.cqrs.JsonEvent;
import dev.allframe.cqrs.NewEvent;
import dev.allframe.cqrs.UnknownEventTypeException;
import dev.allframe.cqrs.impl.schema.Upcasters;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Turns event objects into JSON for storage and stored JSON back into typed envelopes (JSON-B). */
public final class EventSerializer {
    /** Metadata keys with a field of their own in {@link EventEnvelope}. */
    public static final String CORRELATION_ID = "correlationId", CAUSATION_ID = "causationId";

    private final Jsonb jsonb = JsonbBuilder.create();
    private final EventTypes types;
    private final Upcasters upcasters;

    public EventSerializer(EventTypes types) {
        this(types, Upcasters.none());
    }

    public EventSerializer(EventTypes types, Upcasters upcasters) {
        this.types = types;
        this.upcasters = upcasters;
    }

    public Upcasters upcasters() {
        return upcasters;
    }

    public EventTypes types() {
        return types;
    }

    /** Serialises a plain event object or a {@link NewEvent}. */
    public SerializedEvent serialize(Object event) {
        if (event == null) throw new IllegalArgumentException("event must not be null");
        UUID id = EventIds.next();
        Map<String, String> metadata = Map.of();
        Object payload = event;
        if (event instanceof NewEvent n) {
            id = n.id();
            metadata = n.metadata();
            payload = n.payload();
        }
        EventTypes.TypeName t = types.nameOf(payload);
        String json;
        try {
            json = payload instanceof JsonEvent j ? j.data().toString() : jsonb.toJson(payload);
        } catch (JsonbException e) {
            throw new EventStoreException("cannot serialise event " + payload.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
        requireStorableText(json, "payload of event type " + t.name());
        String metadataJson = metadataJson(metadata);
        requireStorableText(metadataJson, "metadata of event type " + t.name());
        return new SerializedEvent(id, t.name(), t.version(), metadataJson, json);
    }

    /**
     * Refuses text that UTF-8 cannot hold: an unpaired UTF-16 surrogate would be stored as '?' (by the
     * encoder, or the database driver), changing the event without telling anyone.
     *
     * @throws IllegalArgumentException naming {@code what} and the index of the first unpaired surrogate
     */
    public static void requireStorableText(String text, String what) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            throw new IllegalArgumentException(what + " contains an unpaired UTF-16 surrogate (U+"
                    + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at index " + i
                    + ": it cannot be stored as UTF-8; send well-formed text");
        }
    }

    /**
     * Turns a stored record into an envelope: upcasted to the current version of its type, with a
     * typed payload (or a {@link JsonEvent} for types without a class).
     *
     * @throws UnknownEventTypeException if the event is older than its class and the upcaster chain has a gap,
     *                                   or newer than its class (written by a newer version of the application)
     */
    public EventEnvelope<?> deserialize(StoredRecord r) {
        Optional<Class<?>> type = types.classOf(r.type());
        int target = type.map(c -> types.register(c).version()).orElseGet(() -> upcasters.latest(r.type()).orElse(r.schemaVersion()));
        int version = r.schemaVersion();
        if (type.isPresent() && version > target) throw new UnknownEventTypeException(r.type(), version, r.position());
        String json = r.payloadJson();
        JsonObject tree = null;
        if (version < target) {
            Upcasters.Upcasted up = upcast(r, target);
            version = up.version();
            tree = up.json();
            json = tree.toString();
            if (type.isPresent() && version < target) throw new UnknownEventTypeException(r.type(), version, r.position());
        }
        String body = json;
        Object payload = type.isPresent() ? fromJson(r, type.get(), body)
                : new JsonEvent(r.type(), version, tree != null ? tree : parse(body, r));
        Map<String, String> meta = new LinkedHashMap<>(parseMetadata(r));
        String correlation = meta.remove(CORRELATION_ID);
        String causation = meta.remove(CAUSATION_ID);
        return new EventEnvelope<>(r.id(), r.type(), version, r.stream(), r.version(), r.position(),
                Instant.EPOCH.plusNanos(r.timestampMicros() * 1000), correlation == null ? "" : correlation,
                causation == null ? "" : causation, meta, payload);
    }

    private Upcasters.Upcasted upcast(StoredRecord r, int target) {
        try {
            return upcasters.upcast(r.type(), r.schemaVersion(), target, parse(r.payloadJson(), r));
        } catch (RuntimeException e) {
            if (e instanceof EventStoreException) throw e;
            throw new EventStoreException("ALLFRAME-0205 upcasting event at position " + r.position() + " (stream '" + r.stream()
                    + "', type '" + r.type() + "' v" + r.schemaVersion() + ") failed: " + e.getMessage(), e);
        }
    }

    private Object fromJson(StoredRecord r, Class<?> c, String json) {
        try {
            return jsonb.fromJson(json, c);
        } catch (JsonbException e) {
            throw new EventStoreException("cannot read event at position " + r.position() + " (stream '" + r.stream()
                    + "', type '" + r.type() + "' v" + r.schemaVersion() + ") as " + c.getName() + ": " + e.getMessage(), e);
        }
    }

    private static JsonObject parse(String json, StoredRecord r) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new EventStoreException("event at position " + r.position() + " (type '" + r.type() + "') is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> parseMetadata(StoredRecord r) {
        if (r.metadataJson().isEmpty()) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        parse(r.metadataJson(), r).forEach((k, v) -> out.put(k, v.getValueType() == JsonValue.ValueType.STRING
                ? ((jakarta.json.JsonString) v).getString() : v.toString()));
        return out;
    }

    static String metadataJson(Map<String, String> metadata) {
        if (metadata.isEmpty()) return "";
        JsonObjectBuilder b = Json.createObjectBuilder();
        metadata.forEach(b::add);
        return b.build().toString();
    }
}
