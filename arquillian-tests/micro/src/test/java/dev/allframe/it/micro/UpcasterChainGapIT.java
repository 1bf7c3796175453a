package dev.allframe.it.micro;

import dev.allframe.it.micro.chaingap.AliveServlet;
import dev.allframe.it.micro.chaingap.ParcelMoved;
import dev.allframe.it.micro.chaingap.ParcelMovedV1;
import dev.allframe.it.micro.chaingap.ParcelMovedV2;
import dev.allframe.it.micro.chaingap.ParcelObserver;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A missing step in an upcaster chain fails the deployment on a real Payara Micro, with a message
 * naming the event type and the versions of the missing step.
 * <p>
 * Not an Arquillian test on purpose: the Payara Micro managed container (3.1) reports a deployment
 * whose CDI validation failed as deployed (Micro still prints its instance configuration, with an
 * empty "Deployed" list, and keeps running), so neither {@code @ShouldThrowException} nor a
 * {@code Deployer} sees the failure, and Micro's output, where the message is, is not reachable
 * from a test. So this test starts {@code payara-micro.jar} itself with two WARs that differ only
 * in the upcaster v2→v3: the broken one must be refused with the message, the complete one (the
 * control that makes the probe meaningful) must answer.
 */
class UpcasterChainGapIT {
    private static final Duration STARTUP = Duration.ofSeconds(240);

    @Test
    @Timeout(300)
    void aDeploymentWhoseUpcasterChainMissesAStepFailsNamingTheTypeAndTheVersions() throws Exception {
        Path dir = Path.of(System.getProperty("it.deps", "target/deps")).toAbsolutePath().getParent()
                .resolve("chain-gap-" + UUID.randomUUID());
        Files.createDirectories(dir);
        File broken = dir.resolve("chain-broken.war").toFile();
        File complete = dir.resolve("chain-complete.war").toFile();
        String config = "allframe.store.backend=memory\n";
        Deployments.warWithoutAllSource("chain-broken", config, ParcelMoved.class, ParcelMovedV1.class, ParcelObserver.class,
                AliveServlet.class).as(ZipExporter.class).exportTo(broken, true);
        Deployments.warWithoutAllSource("chain-complete", config, ParcelMoved.class, ParcelMovedV1.class, ParcelMovedV2.class,
                ParcelObserver.class, AliveServlet.class).as(ZipExporter.class).exportTo(complete, true);
        int port = freePort();

        Process micro = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-jar", Deployments.dep("payara-micro.jar").getAbsolutePath(), "--nocluster", "--port", String.valueOf(port),
                "--rootdir", dir.resolve("micro-root").toString(),
                "--deploy", broken.getAbsolutePath(), "--deploy", complete.getAbsolutePath())
                .redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> copy(micro, output), "payara-micro-output");
        reader.setDaemon(true);
        reader.start();
        try {
            awaitReady(micro, output);

            String log = output.toString();
            String missingStep = log.lines().filter(l -> l.contains("ALLFRAME-0201")).findFirst()
                    .orElseGet(() -> fail("no ALLFRAME-0201 in Payara Micro's output:\n" + log));
            assertTrue(missingStep.contains("'ParcelMoved'"), missingStep);
            assertTrue(missingStep.contains(ParcelMoved.class.getName() + ", v3"), missingStep);
            assertTrue(missingStep.contains("from = 2") && missingStep.contains("v2 -> v3"), missingStep);
            assertTrue(log.contains("CDI deployment failure") && log.contains("ALLFRAME-0201 event type 'ParcelMoved'"),
                    "Payara reports it as the deployment's failure:\n" + log);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = get(http, port, "/chain-complete/alive");
            assertEquals(200, ok.statusCode(), "the complete chain deploys: " + ok.body());
            assertTrue(ok.body().startsWith("alive"), ok.body());
            HttpResponse<String> refused = get(http, port, "/chain-broken/alive");
            assertEquals(404, refused.statusCode(), "the broken chain is not deployed: " + refused.body());
        } finally {
            micro.destroy();
            if (!micro.waitFor(30, TimeUnit.SECONDS)) micro.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until Micro printed "ready in" (it does even when an application failed to deploy). */
    private static void awaitReady(Process micro, StringBuffer output) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!output.toString().contains(" ready in ")) {
            if (!micro.isAlive()) fail("Payara Micro exited with " + micro.exitValue() + " before it was ready:\n" + output);
            if (System.nanoTime() > deadline) fail("Payara Micro not ready within " + STARTUP + ":\n" + output);
            micro.waitFor(200, TimeUnit.MILLISECONDS);
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void copy(Process micro, StringBuffer output) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(micro.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                output.append(line).append('\n');
                System.out.println("[micro] " + line);
            }
        } catch (IOException e) {
            output.append("(output stream closed: ").append(e.getMessage()).append(")\n");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
