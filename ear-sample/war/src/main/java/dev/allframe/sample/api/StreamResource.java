package dev.allframe.sample.api;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.JsonEvent;
import dev.allframe.cqrs.NewEvent;
import dev.allframe.cqrs.ReadOptions;
import dev.allframe.cqrs.WrongExpectedVersionException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.annotation.Resource;
import jakarta.transaction.RollbackException;
import jakarta.transaction.UserTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Generic stream API: append JSON events to a stream and read them back.
 * <pre>
 * POST /api/streams/{id}/events  {"type":"NoteAdded","data":{"text":"hi"}}
 *                                or {"expectedVersion":0,"events":[{"type":..,"data":{..},"id":"uuid"}]}
 * GET  /api/streams/{id}/events
 * </pre>
 */
@Path("/streams/{stream}/events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    @Inject
    EventStore store;

    @Resource
    UserTransaction tx;

    /** Largest request body accepted, in bytes; a larger one is a 413. */
    @Inject
    @ConfigProperty(name = "sample.max-request-bytes", defaultValue = "1048576")
    long maxRequestBytes;

    /** How often an append whose transaction rolled back at commit, with its expected version still met, is tried again. */
    static final int ATTEMPTS = 3;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response append(@PathParam("stream") PathSegment segment, @Context HttpHeaders headers, InputStream body) throws Exception {
        String stream = StreamNames.of(segment);
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        long contentLength = -1;
        try {
            if (length != null) contentLength = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            contentLength = -1;
        }
        AppendRequestBody request = AppendRequestBody.parse(RequestBodies.read(body, headers.getMediaType(), contentLength, maxRequestBytes));
        AppendResult r = inTransaction(stream, request.expectedVersion(),
                () -> store.append(stream, request.expectedVersion(), request.events()));
        r = committedVersions(stream, request, r);
        JsonObject json = Json.createObjectBuilder()
                .add("stream", r.stream())
                .add("firstVersion", r.firstVersion())
                .add("lastVersion", r.lastVersion())
                .add("alreadyStored", r.alreadyStored()) // a retry of events stored before: nothing new was written
                .build();
        return Response.status(Response.Status.CREATED).entity(json).build();
    }

    /**
     * Runs the append in its own JTA transaction. The store checks the expected version when the
     * append is made and again, atomically, at commit: a writer that lost the race to a concurrent
     * transaction learns it only when its commit rolls back, and gets the same 409 as an early loser.
     * A rollback at commit with the expected version still met (e.g. the same event id committed to
     * another stream by a concurrent request) stored nothing: the append is tried again, and the
     * store's checks at append time then name the reason (a 400), or it succeeds.
     */
    private AppendResult inTransaction(String stream, long expected, Supplier<AppendResult> append) throws Exception {
        for (int attempt = 1; ; attempt++) {
            tx.begin();
            AppendResult r;
            try {
                r = append.get();
            } catch (RuntimeException e) {
                try {
                    tx.rollback();
                } catch (Exception rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
            try {
                tx.commit();
                return r;
            } catch (RollbackException e) {
                long actual = store.version(stream);
                if (!ExpectedVersion.matches(expected, actual)) throw new WrongExpectedVersionException(stream, expected, actual);
                if (attempt == ATTEMPTS)
                    throw new ApiProblem(503, "Service Unavailable", List.of("the store refused the append at commit " + ATTEMPTS
                            + " times in a row with no reason visible at append time; nothing was stored; retry later, see the server log"));
            }
        }
    }

    /**
     * The versions the events really got. Inside a transaction an append with {@code ANY} or
     * {@code EXISTS} answers the versions the stream had when it was made; a concurrent transaction
     * that commits first pushes them further: look the events up by id after commit (they are
     * contiguous, at or after the provisional first version).
     */
    private AppendResult committedVersions(String stream, AppendRequestBody request, AppendResult r) {
        if (r.alreadyStored() || request.expectedVersion() >= 0 || request.events().isEmpty()) return r;
        UUID first = request.events().get(0).id();
        UUID last = request.events().get(request.events().size() - 1).id();
        long firstVersion = -1, lastVersion = -1, firstPosition = 0, lastPosition = 0;
        for (long from : new long[] {Math.max(1, r.firstVersion()), 1}) {
            for (long v = from; firstVersion < 0 || lastVersion < 0; ) {
                List<EventEnvelope<?>> page = store.read(stream, ReadOptions.forwards().from(v).max(256));
                if (page.isEmpty()) break;
                for (EventEnvelope<?> e : page) {
                    if (e.id().equals(first)) {
                        firstVersion = e.version();
                        firstPosition = e.position();
                    }
                    if (e.id().equals(last)) {
                        lastVersion = e.version();
                        lastPosition = e.position();
                    }
                }
                v = page.get(page.size() - 1).version() + 1;
            }
            if (firstVersion >= 0 && lastVersion >= 0) break;
        }
        if (firstVersion < 0 || lastVersion < 0) return r; // not found (cannot happen after a commit): the provisional answer
        // found before the provisional version: a retry whose original was still in flight; this one wrote nothing
        return new AppendResult(r.stream(), firstVersion, lastVersion, firstPosition, lastPosition, firstVersion < r.firstVersion());
    }

    @GET
    public JsonArray read(@PathParam("stream") PathSegment segment) {
        String stream = StreamNames.of(segment);
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (EventEnvelope<?> e : store.read(stream)) out.add(toJson(e));
        return out.build();
    }

    static JsonObject toJson(EventEnvelope<?> e) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("id", e.id().toString())
                .add("type", e.type())
                .add("schemaVersion", e.schemaVersion())
                .add("stream", e.stream())
                .add("version", e.version())
                .add("position", e.position())
                .add("timestamp", e.timestamp().toString());
        if (e.payload() instanceof JsonEvent j) b.add("data", j.data());
        JsonObjectBuilder meta = Json.createObjectBuilder();
        e.metadata().forEach(meta::add);
        return b.add("metadata", meta).build();
    }

    /** The validated body of an append request. */
    record AppendRequestBody(long expectedVersion, List<NewEvent> events) {

        /** Fields of the single-event form, of the batch form and of one event of a batch. */
        static final Set<String> SINGLE_FIELDS = Set.of("expectedVersion", "type", "data", "id");
        static final Set<String> BATCH_FIELDS = Set.of("expectedVersion", "events");
        static final Set<String> EVENT_FIELDS = Set.of("type", "data", "id");
        /** The canonical text form of a UUID (any case): {@link UUID#fromString} also takes forms like {@code 1-2-3-4-5}. */
        static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        static final UUID NIL = new UUID(0, 0);

        static AppendRequestBody parse(String body) {
            JsonObject o = RequestBodies.parseObject(body);
            List<String> violations = new ArrayList<>();
            boolean batch = o.containsKey("events");
            for (String key : o.keySet())
                if (!(batch ? BATCH_FIELDS : SINGLE_FIELDS).contains(key))
                    violations.add(key + ": unknown field" + (batch && EVENT_FIELDS.contains(key)
                            ? " next to \"events\" (put it in each event of \"events\")"
                            : " (allowed: " + String.join(", ", new TreeSet<>(batch ? BATCH_FIELDS : SINGLE_FIELDS)) + ")"));
            long expected = ExpectedVersion.ANY;
            if (o.containsKey("expectedVersion")) {
                Long value = null;
                if (o.get("expectedVersion").getValueType() == JsonValue.ValueType.NUMBER && o.getJsonNumber("expectedVersion").isIntegral()) {
                    try {
                        value = o.getJsonNumber("expectedVersion").longValueExact();
                    } catch (ArithmeticException tooBig) {
                        value = null;
                    }
                }
                if (value == null || value < -2) {
                    violations.add("expectedVersion: must be an integer from -2 to " + Long.MAX_VALUE + " (-1 any, -2 exists, 0 no stream, n exact)");
                } else {
                    expected = value;
                }
            }
            List<JsonValue> items;
            if (o.containsKey("events")) {
                if (o.get("events").getValueType() != JsonValue.ValueType.ARRAY) {
                    violations.add("events: must be an array");
                    items = List.of();
                } else {
                    items = o.getJsonArray("events");
                    if (items.isEmpty()) violations.add("events: must not be empty");
                }
            } else {
                items = List.of(o);
            }
            List<NewEvent> events = new ArrayList<>();
            Set<UUID> ids = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String at = o.containsKey("events") ? "events[" + i + "]." : "";
                if (items.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                    violations.add(at.isEmpty() ? "body: must be an object" : "events[" + i + "]: must be an object");
                    continue;
                }
                JsonObject e = items.get(i).asJsonObject();
                if (batch)
                    for (String key : e.keySet())
                        if (!EVENT_FIELDS.contains(key)) violations.add(at + key + ": unknown field (allowed: data, id, type)");
                String type = e.containsKey("type") && e.get("type").getValueType() == JsonValue.ValueType.STRING ? e.getString("type") : null;
                if (type == null || type.isBlank()) {
                    violations.add(at + "type: must be a non-blank string");
                } else if (TextChecks.problem(type) != null) {
                    violations.add(at + "type: " + TextChecks.problem(type));
                    type = null;
                }
                JsonObject data = e.containsKey("data") && e.get("data").getValueType() == JsonValue.ValueType.OBJECT ? e.getJsonObject("data") : null;
                if (data == null) violations.add(at + "data: must be a JSON object");
                UUID id = UUID.randomUUID();
                if (e.containsKey("id")) {
                    String text = e.get("id").getValueType() == JsonValue.ValueType.STRING ? e.getString("id") : null;
                    if (text == null || !UUID_TEXT.matcher(text).matches()) {
                        violations.add(at + "id: must be a UUID string like 123e4567-e89b-12d3-a456-426614174000");
                    } else if (UUID.fromString(text).equals(NIL)) {
                        violations.add(at + "id: must not be the nil UUID");
                    } else {
                        id = UUID.fromString(text);
                        if (!ids.add(id)) violations.add(at + "id: " + text + " is used by an earlier event of this request; every event needs an id of its own");
                    }
                }
                if (type != null && !type.isBlank() && data != null) events.add(new NewEvent(id, new JsonEvent(type, 1, data), Map.of()));
            }
            if (!violations.isEmpty()) throw new BadRequest(violations);
            return new AppendRequestBody(expected, events);
        }
    }
}
