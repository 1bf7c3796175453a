package dev.allframe.sample.diagnostics;

import dev.allframe.cqrs.AppendResult;
import dev.allframe.cqrs.EventStore;
import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.JsonEvent;
import dev.allframe.cqrs.NewEvent;
import dev.allframe.cqrs.StoreStats;
import dev.allframe.sample.api.StreamNames;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.PathSegment;

import java.util.Map;
import java.util.UUID;

/**
 * Diagnostic endpoints: they let an operator (and the container tests) check that the event store
 * is wired into the server's transactions. Nothing here changes stored data.
 * <pre>
 * GET  /api/diagnostics/store                  counts of the store: events, streams, last global position
 * POST /api/diagnostics/rollback-probe/{stream}  appends one RollbackProbe event to {stream} inside a JTA
 *                                              transaction, then fails so that the transaction rolls back;
 *                                              answers 200 with the transaction's final status, e.g.
 *                                              {"stream":"s","appendedVersion":1,"outcome":"rolled back"}
 * </pre>
 * After a probe the stream must not contain the probe event and the store's counts must be unchanged:
 * if they changed, appends are not enlisted in the JTA transaction (for instance a connection factory
 * defined without {@code transactionSupport = XATransaction}).
 */
@Path("/diagnostics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RollbackProbeResource {

    @Inject
    EventStore store;

    @Inject
    RollbackProbe probe;

    @GET
    @Path("/store")
    public JsonObject store() {
        StoreStats s = store.stats();
        return Json.createObjectBuilder().add("events", s.events()).add("streams", s.streams())
                .add("lastPosition", s.lastPosition()).build();
    }

    @POST
    @Path("/rollback-probe/{stream}")
    public JsonObject rollbackProbe(@PathParam("stream") PathSegment segment) {
        String stream = StreamNames.of(segment);
        Outcome outcome = new Outcome();
        try {
            probe.appendThenFail(stream, outcome);
        } catch (RollbackProbe.ProbeFailure expected) {
            // the planned failure: the @Transactional interceptor has completed the transaction by now
        }
        return Json.createObjectBuilder()
                .add("stream", stream)
                .add("appendedVersion", outcome.appendedVersion)
                .add("outcome", outcome.describe())
                .build();
    }

    /** What the probe saw: the version its append got inside the transaction and the transaction's final status. */
    static final class Outcome implements Synchronization {
        volatile long appendedVersion = -1;
        volatile int status = -1;

        @Override
        public void beforeCompletion() {
            // nothing to do
        }

        @Override
        public void afterCompletion(int status) {
            this.status = status;
        }

        String describe() {
            return switch (status) {
                case Status.STATUS_ROLLEDBACK -> "rolled back";
                case Status.STATUS_COMMITTED -> "committed";
                case -1 -> "unknown (transaction not completed)";
                default -> "status " + status;
            };
        }
    }

    /** The transactional part, a separate bean so that the {@code @Transactional} interceptor applies. */
    @RequestScoped
    public static class RollbackProbe {

        @Resource
        TransactionSynchronizationRegistry registry;

        @Inject
        EventStore store;

        /** Appends one probe event, then throws: any unchecked exception rolls a {@code @Transactional} method back. */
        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public void appendThenFail(String stream, Outcome outcome) {
            registry.registerInterposedSynchronization(outcome);
            AppendResult r = store.append(stream, ExpectedVersion.ANY, new NewEvent(UUID.randomUUID(),
                    new JsonEvent("RollbackProbe", 1, Json.createObjectBuilder().add("probe", true).build()), Map.of()));
            outcome.appendedVersion = r.lastVersion();
            throw new ProbeFailure();
        }

        /** The planned failure that rolls the probe's transaction back. */
        public static class ProbeFailure extends RuntimeException {
            public ProbeFailure() {
                super("rollback probe: planned failure after the append", null, false, false);
            }
        }
    }
}
