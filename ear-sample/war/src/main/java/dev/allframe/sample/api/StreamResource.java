package dev.allframe.sample.api;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventEnvelope;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.JsonEvent;
import dev.allframe.cqrs.NewEvent;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response append(@PathParam("stream") String stream, String body) throws Exception {
        AppendRequestBody request = AppendRequestBody.parse(body);
        AppendResult r = inTransaction(stream, request.expectedVersion(),
                () -> store.append(stream, request.expectedVersion(), request.events()));
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
     */
    private AppendResult inTransaction(String stream, long expected, Supplier<AppendResult> append) throws Exception {
        tx.begin();
        AppendResult r;
        try {
            r = append.get();
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
        try {
            tx.commit();
        } catch (RollbackException e) {
            long actual = store.version(stream);
            if (expected != ExpectedVersion.ANY && actual != expected) throw new WrongExpectedVersionException(stream, expected, actual);
            throw new IllegalStateException("the transaction rolled back at commit: the store refused the append"
                    + " (for example an event id already stored in another stream); nothing was stored, see the server log", e);
        }
        return r;
    }

    @GET
    public JsonArray read(@PathParam("stream") String stream) {
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

        static AppendRequestBody parse(String body) {
            JsonObject o = RequestBodies.parseObject(body);
            List<String> violations = new ArrayList<>();
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
            for (int i = 0; i < items.size(); i++) {
                String at = o.containsKey("events") ? "events[" + i + "]." : "";
                if (items.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                    violations.add(at.isEmpty() ? "body: must be an object" : "events[" + i + "]: must be an object");
                    continue;
                }
                JsonObject e = items.get(i).asJsonObject();
                String type = e.containsKey("type") && e.get("type").getValueType() == JsonValue.ValueType.STRING ? e.getString("type") : null;
                if (type == null || type.isBlank()) violations.add(at + "type: must be a non-blank string");
                JsonObject data = e.containsKey("data") && e.get("data").getValueType() == JsonValue.ValueType.OBJECT ? e.getJsonObject("data") : null;
                if (data == null) violations.add(at + "data: must be a JSON object");
                UUID id = UUID.randomUUID();
                if (e.containsKey("id")) {
                    try {
                        id = UUID.fromString(e.getString("id"));
                    } catch (RuntimeException ex) {
                        violations.add(at + "id: must be a UUID string");
                    }
                }
                if (type != null && !type.isBlank() && data != null) events.add(new NewEvent(id, new JsonEvent(type, 1, data), Map.of()));
            }
            if (!violations.isEmpty()) throw new BadRequest(violations);
            return new AppendRequestBody(expected, events);
        }
    }
}
