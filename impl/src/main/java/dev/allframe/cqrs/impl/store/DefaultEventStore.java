package dev.allframe.cqrs.impl.store;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.StoreStats;
import dev.allframe.cqrs.spi.EventStorageEngine;
import dev.allframe.cqrs.spi.SerializedEvent;
import dev.allframe.cqrs.spi.StoredRecord;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@link EventStore} over an {@link EventStorageEngine}: validates arguments, serialises events
 * with JSON-B and turns stored records back into typed envelopes.
 */
public class DefaultEventStore implements EventStore {
    /**
     * Streams whose names start with this belong to AllFrame itself (e.g. the {@code allsource}
     * backend's checkpoint streams): applications cannot append to them and catch-up subscriptions
     * do not feed their events to handlers.
     */
    public static final String RESERVED_STREAM_PREFIX = "$allframe-";

    private final EventStorageEngine engine;
    private final EventSerializer serializer;
    private final EventDelivery delivery;

    /** A store that delivers no CDI events (tests, tools). */
    public DefaultEventStore(EventStorageEngine engine, EventSerializer serializer) {
        this(engine, serializer, EventDelivery.NONE);
    }

    public DefaultEventStore(EventStorageEngine engine, EventSerializer serializer, EventDelivery delivery) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    /** The serialiser (types and upcasters) of this store. */
    public EventSerializer serializer() {
        return serializer;
    }

    /** The backend underneath (for diagnostics). */
    public EventStorageEngine engine() {
        return engine;
    }

    @Override
    public AppendResult append(String stream, long expectedVersion, List<?> events) {
        requireStream(stream);
        if (stream.startsWith(RESERVED_STREAM_PREFIX))
            throw new IllegalArgumentException("stream names starting with '" + RESERVED_STREAM_PREFIX + "' are reserved for AllFrame: " + stream);
        ExpectedVersion.requireValid(expectedVersion);
        Objects.requireNonNull(events, "events");
        List<SerializedEvent> serialized = events.stream().map(serializer::serialize).toList();
        AppendResult result = engine.append(stream, expectedVersion, serialized);
        if (!serialized.isEmpty() && !result.alreadyStored()) delivery.appended(this, result, serialized.stream().map(SerializedEvent::id).toList());
        return result;
    }

    @Override
    public List<EventEnvelope<?>> read(String stream, ReadOptions options) {
        requireStream(stream);
        return toEnvelopes(engine.read(stream, Objects.requireNonNull(options, "options")));
    }

    @Override
    public List<EventEnvelope<?>> readAll(long fromPosition, int maxCount) {
        requireRange(fromPosition, maxCount);
        return toEnvelopes(engine.readAll(Math.max(1, fromPosition), maxCount));
    }

    @Override
    public List<EventEnvelope<?>> readByType(String type, long fromPosition, int maxCount) {
        if (type == null || type.isBlank()) throw new IllegalArgumentException("type must not be blank");
        requireRange(fromPosition, maxCount);
        return toEnvelopes(engine.readByType(type, Math.max(1, fromPosition), maxCount));
    }

    @Override
    public List<EventEnvelope<?>> readAsOf(String stream, long position) {
        requireStream(stream);
        if (position < 0) throw new IllegalArgumentException("position must be >= 0, was " + position);
        return toEnvelopes(engine.readAsOfPosition(stream, position));
    }

    @Override
    public List<EventEnvelope<?>> readAsOf(String stream, Instant instant) {
        requireStream(stream);
        Objects.requireNonNull(instant, "instant");
        long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        return toEnvelopes(engine.readAsOfTime(stream, micros));
    }

    @Override
    public long version(String stream) {
        requireStream(stream);
        return engine.version(stream);
    }

    @Override
    public long lastPosition() {
        return engine.lastPosition();
    }

    @Override
    public StoreStats stats() {
        return engine.stats();
    }

    private List<EventEnvelope<?>> toEnvelopes(List<StoredRecord> records) {
        return records.stream().<EventEnvelope<?>>map(serializer::deserialize).toList();
    }

    private static void requireStream(String stream) {
        if (stream == null || stream.isBlank()) throw new IllegalArgumentException("stream name must not be blank");
        if (stream.length() > 512) throw new IllegalArgumentException("stream name longer than 512 characters");
        for (int i = 0; i < stream.length(); i++)
            if (Character.isISOControl(stream.charAt(i)))
                throw new IllegalArgumentException("stream name must not contain control characters (U+"
                        + String.format("%04X", (int) stream.charAt(i)) + " at index " + i + ")");
        EventSerializer.requireStorableText(stream, "stream name");
    }

    private static void requireRange(long fromPosition, int maxCount) {
        if (fromPosition < 0) throw new IllegalArgumentException("fromPosition must be >= 0, was " + fromPosition);
        if (maxCount < 0) throw new IllegalArgumentException("maxCount must be >= 0, was " + maxCount);
    }
}
