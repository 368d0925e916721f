package io.jitfarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real coordinator on a loopback port chosen at run time, with a plain HTTP client for its API. */
final class CoordinatorFixture {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Vertx vertx;
    private final String deploymentId;
    final int port;

    private CoordinatorFixture(Vertx vertx, String deploymentId, int port) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.port = port;
    }

    static CoordinatorFixture start(Vertx vertx, Path dataDir, long leaseMs, int maxAttempts) {
        return start(vertx, dataDir, leaseMs, maxAttempts, Optional.empty());
    }

    static CoordinatorFixture start(Vertx vertx, Path dataDir, long leaseMs, int maxAttempts, Optional<URI> influx) {
        CoordinatorVerticle verticle = new CoordinatorVerticle();
        CoordinatorOptions options = new CoordinatorOptions("127.0.0.1", 0, dataDir, Optional.empty(), leaseMs,
                maxAttempts, influx);
        String id = Await.within(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(options.toConfig())),
                20);
        return new CoordinatorFixture(vertx, id, verticle.port());
    }

    void stop() {
        Await.within(vertx.undeploy(deploymentId), 20);
    }

    record Response(int status, JsonNode body) {
    }

    Response submit(String fileName, String yaml) {
        return call(HttpRequest.newBuilder(uri("/api/runs?file=" + fileName))
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    Response get(String path) {
        return call(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path) {
        return call(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The run's REST view once {@code condition} holds (polled for up to 15 s). */
    JsonNode awaitRun(String runId, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode run = get("/api/runs/" + runId).body();
        while (!condition.test(run) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            run = get("/api/runs/" + runId).body();
        }
        assertThat(condition.test(run)).as("run never reached the expected state: %s", run).isTrue();
        return run;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Response call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), ProtocolCodec.JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
