package dev.allframe.sample.api;

import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.WrongExpectedVersionException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps failures to JSON error bodies: 400 with violations, 409 on a version conflict, never a stack trace. */
public final class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response json(int status, String error, List<String> violations) {
        JsonArrayBuilder v = Json.createArrayBuilder();
        violations.forEach(v::add);
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder().add("status", status).add("error", error).add("violations", v).build()).build();
    }

    /** Validation failures. */
    @Provider
    public static class BadRequestMapper implements ExceptionMapper<BadRequest> {
        @Override
        public Response toResponse(BadRequest e) {
            return json(400, "Bad Request", e.violations());
        }
    }

    /** Invalid arguments (blank stream name, negative positions...). */
    @Provider
    public static class IllegalArgumentMapper implements ExceptionMapper<IllegalArgumentException> {
        @Override
        public Response toResponse(IllegalArgumentException e) {
            return json(400, "Bad Request", List.of(e.getMessage()));
        }
    }

    /** Optimistic concurrency conflicts. */
    @Provider
    public static class ConflictMapper implements ExceptionMapper<WrongExpectedVersionException> {
        @Override
        public Response toResponse(WrongExpectedVersionException e) {
            return Response.status(409).type(MediaType.APPLICATION_JSON).entity(Json.createObjectBuilder()
                    .add("status", 409).add("error", "Conflict").add("stream", e.stream())
                    .add("expectedVersion", ExpectedVersion.describe(e.expected())).add("actualVersion", e.actual())
                    .add("message", e.getMessage()).build()).build();
        }
    }

    /** Everything else: JAX-RS errors keep their status; unexpected ones are logged and answered 500 without internals. */
    @Provider
    public static class FallbackMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof WrongExpectedVersionException w) return new ConflictMapper().toResponse(w);
                if (cause instanceof BadRequest b) return new BadRequestMapper().toResponse(b);
                if (cause instanceof IllegalArgumentException i) return new IllegalArgumentMapper().toResponse(i);
                cause = cause.getCause() == cause ? null : cause.getCause();
            }
            if (e instanceof WebApplicationException w) {
                int status = w.getResponse().getStatus();
                return json(status, w.getResponse().getStatusInfo().getReasonPhrase(), List.of(String.valueOf(w.getMessage())));
            }
            LOG.log(Level.SEVERE, "ALLFRAME-SAMPLE-0500 request failed", e);
            return json(500, "Internal Server Error", List.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }
}
