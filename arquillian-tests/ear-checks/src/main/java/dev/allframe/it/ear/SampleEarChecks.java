package dev.allframe.it.ear;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks of the real {@code allframe-sample.ear} (sample WAR + embedded {@code allsource.rar} + libs)
 * over HTTP, the same on every server: the connection factory the WAR defines on {@code #allsource}
 * must work and take part in JTA transactions. A subclass per server supplies the deployment
 * ({@code @Deployment(testable = false)}, {@code @RunAsClient}) and the server's "deployed" log line.
 * System properties: {@code it.base-url}, {@code it.server-log}, {@code it.data-dir}.
 */
public abstract class SampleEarChecks {

    private static final String BASE = System.getProperty("it.base-url");
    private static final Path SERVER_LOG = Path.of(System.getProperty("it.server-log", "server.log"));
    private static final String DATA_DIR = System.getProperty("it.data-dir");
    /**
     * HTTP/1.1 as curl and most REST clients speak it. The JDK client otherwise asks to upgrade every
     * http:// connection to HTTP/2 (h2c); Payara Server 6.2025.9 accepts, and with 16 concurrent
     * upgraded requests its Grizzly HTTP/2 input sometimes never delivers a request body ("Blocking
     * read timeout" after 30 s, answered 500 before the application saw the request).
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** The text of the server's log line that says the EAR is deployed. */
    protected abstract String deployedLogLine();

    @Test
    public void appendsAndReadsBackThroughTheEmbeddedAdapter() throws Exception {
        String stream = "it-" + UUID.randomUUID();
        HttpResponse<String> post = post("/streams/" + stream + "/events", "{\"type\":\"NoteAdded\",\"data\":{\"text\":\"hello EAR\"}}");
        assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
        JsonObject appended = json(post.body()).asJsonObject();
        assertThat(appended.getJsonNumber("firstVersion").longValue()).isEqualTo(1);
        assertThat(appended.getJsonNumber("lastVersion").longValue()).isEqualTo(1);

        HttpResponse<String> get = get("/streams/" + stream + "/events");
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        JsonArray events = json(get.body()).asJsonArray();
        assertThat(events).hasSize(1);
        JsonObject e = events.getJsonObject(0);
        assertThat(e.getString("type")).isEqualTo("NoteAdded");
        assertThat(e.getString("stream")).isEqualTo(stream);
        assertThat(e.getJsonNumber("version").longValue()).isEqualTo(1);
        assertThat(e.getJsonNumber("position").longValue()).as("global position assigned at commit").isPositive();
        assertThat(e.getJsonObject("data").getString("text")).isEqualTo("hello EAR");
    }

    @Test
    public void aResentAppendAnswersTheOriginalVersionsAndStoresNothing() throws Exception {
        String stream = "it-retry-" + UUID.randomUUID();
        String body = "{\"expectedVersion\":0,\"events\":[{\"type\":\"NoteAdded\",\"id\":\"" + UUID.randomUUID()
                + "\",\"data\":{\"text\":\"once\"}}]}";
        JsonObject first = json(post("/streams/" + stream + "/events", body).body()).asJsonObject();
        assertThat(first.getBoolean("alreadyStored")).isFalse();
        post("/streams/" + stream + "/events", "{\"type\":\"NoteAdded\",\"data\":{\"text\":\"next\"}}");

        HttpResponse<String> again = post("/streams/" + stream + "/events", body); // inside a JTA transaction
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        JsonObject retry = json(again.body()).asJsonObject();
        assertThat(retry.getBoolean("alreadyStored")).isTrue();
        assertThat(retry.getJsonNumber("firstVersion").longValue()).isEqualTo(1);
        assertThat(json(get("/streams/" + stream + "/events").body()).asJsonArray()).hasSize(2);

        HttpResponse<String> elsewhere = post("/streams/" + stream + "-other/events", body);
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("already stored in stream");
    }

    @Test
    public void malformedBodyIsA400WithJsonError() throws Exception {
        HttpResponse<String> r = post("/streams/it-bad/events", "{\"type\": \"NoteAdded\", \"data\": ");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonObject error = json(r.body()).asJsonObject();
        assertThat(error.getInt("status")).isEqualTo(400);
        assertThat(error.getJsonArray("violations").getString(0)).contains("malformed JSON");
    }

    @Test
    public void anUnknownUrlOutsideTheApiIsAJson404NotAnHtmlPage() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(BASE.replaceFirst("/api$", "") + "/no-such-page"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonObject error = json(r.body()).asJsonObject();
        assertThat(error.getInt("status")).isEqualTo(404);
        assertThat(error.getJsonArray("violations").getString(0)).contains("/no-such-page").contains("/api/streams/");
    }

    @Test
    public void rolledBackTransactionLeavesNothingBehind() throws Exception {
        String stream = "it-rollback-" + UUID.randomUUID();
        JsonObject before = json(get("/diagnostics/store").body()).asJsonObject();

        HttpResponse<String> probe = post("/diagnostics/rollback-probe/" + stream, "");
        assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
        JsonObject outcome = json(probe.body()).asJsonObject();
        assertThat(outcome.getJsonNumber("appendedVersion").longValue()).as("the append ran inside the transaction").isEqualTo(1);
        assertThat(outcome.getString("outcome")).isEqualTo("rolled back");

        HttpResponse<String> get = get("/streams/" + stream + "/events");
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(json(get.body()).asJsonArray()).as("events of the rolled-back stream").isEmpty();
        JsonObject after = json(get("/diagnostics/store").body()).asJsonObject();
        assertThat(after).as("store counts after the rollback").isEqualTo(before);
    }

    @Test
    public void serverLogShowsTheDeploymentAndTheStoreDirectory() throws Exception {
        // the EAR was deployed by this server (not some other process on the port), and the connector
        // opened the store in the directory the test configured (under target/)
        // the server's log handler may write a moment later: poll the file until both lines are there
        String[] found = new String[2];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            List<String> lines = Files.readAllLines(SERVER_LOG);
            found[0] = lines.stream().filter(l -> l.contains(deployedLogLine())).reduce((a, b) -> b).orElse(null);
            found[1] = lines.stream().filter(l -> l.contains("ALLFRAME-0011")).reduce((a, b) -> b).orElse(null);
            return found[0] != null && found[1] != null;
        });
        String deployed = found[0];
        String store = found[1];
        System.out.println("[server.log] " + deployed);
        System.out.println("[server.log] " + store);
        assertThat(deployed).as("deployment line in " + SERVER_LOG).isNotNull();
        assertThat(store).as("AllSource directory line in " + SERVER_LOG).isNotNull().contains(DATA_DIR);
    }

    @Test
    public void sixteenConcurrentTransactionalAppendsWithOneExpectedVersionHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 3; round++) {
            String stream = "race-" + UUID.randomUUID();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> racers = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(BASE + "/streams/" + stream + "/events"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"expectedVersion\":0,\"events\":[{\"type\":\"Raced\",\"data\":{\"writer\":" + i + "}}]}"))
                        .build();
                racers.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var r : racers) statuses.add(r.get(90, java.util.concurrent.TimeUnit.SECONDS).statusCode());
            assertThat(statuses).as("round " + round + ": one 201, fifteen 409").containsOnly(201, 409);
            assertThat(statuses.stream().filter(s -> s == 201).count()).as("round " + round + " winners").isEqualTo(1);
            JsonArray events = json(get("/streams/" + stream + "/events").body()).asJsonArray();
            assertThat(events).hasSize(1);
            assertThat(events.getJsonObject(0).getJsonNumber("position").longValue()).isPositive();
        }
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonStructure json(String body) {
        try (var r = Json.createReader(new StringReader(body))) {
            return r.read();
        }
    }
}
