package dev.allframe.sample.api;

import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.WrongExpectedVersionException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
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

    /** Validation failures (400) and other refused requests (413, 415...). */
    @Provider
    public static class ApiProblemMapper implements ExceptionMapper<ApiProblem> {
        @Override
        public Response toResponse(ApiProblem e) {
            return json(e.status(), e.error(), e.violations());
        }
    }

    /** Invalid arguments (blank stream name, negative positions...). */
    @Provider
    public static class IllegalArgumentMapper implements ExceptionMapper<IllegalArgumentException> {
        @Override
        public Response toResponse(IllegalArgumentException e) {
            return json(400, "Bad Request", List.of(String.valueOf(e.getMessage())));
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

    /** Everything else: JAX-RS errors keep their status and headers; unexpected ones are logged and answered 500 without internals. */
    @Provider
    public static class FallbackMapper implements ExceptionMapper<Throwable> {
        @Context
        HttpHeaders headers;

        @Context
        Request request;

        @Override
        public Response toResponse(Throwable e) {
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof WrongExpectedVersionException w) return new ConflictMapper().toResponse(w);
                if (cause instanceof ApiProblem b) return new ApiProblemMapper().toResponse(b);
                if (cause instanceof IllegalArgumentException i) return new IllegalArgumentMapper().toResponse(i);
                cause = cause.getCause() == cause ? null : cause.getCause();
            }
            if (e instanceof WebApplicationException w) {
                Response original = w.getResponse();
                int status = original.getStatus();
                Response.ResponseBuilder out = Response.fromResponse(json(status, original.getStatusInfo().getReasonPhrase(),
                        List.of(explain(status, original, w))));
                original.getHeaders().forEach((name, values) -> { // e.g. the Allow header of a 405
                    if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH))
                        values.forEach(value -> out.header(name, value));
                });
                return out.build();
            }
            LOG.log(Level.SEVERE, "ALLFRAME-SAMPLE-0500 request failed", e);
            return json(500, "Internal Server Error", List.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }

        private String explain(int status, Response original, WebApplicationException w) {
            try {
                switch (status) {
                    case 404:
                        return "no resource at this URL; the API: POST and GET /api/streams/{stream}/events,"
                                + " GET /api/diagnostics/store, POST /api/diagnostics/rollback-probe/{stream}";
                    case 405:
                        return "method " + request.getMethod() + " is not allowed here; allowed: " + original.getAllowedMethods();
                    case 415:
                        MediaType type = headers.getMediaType();
                        return "Content-Type must be application/json, was " + (type == null ? "missing" : type.toString());
                    case 406:
                        return "Accept must allow application/json, was " + headers.getRequestHeader(HttpHeaders.ACCEPT);
                    default:
                        return String.valueOf(w.getMessage());
                }
            } catch (RuntimeException noRequestContext) {
                return String.valueOf(w.getMessage());
            }
        }
    }
}
