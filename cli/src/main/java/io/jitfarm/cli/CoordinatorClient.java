package io.jitfarm.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.coordinator.store.Views;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The coordinator's REST API as the CLI uses it. */
final class CoordinatorClient implements RunSource {
    private static final TypeReference<List<Views.Run>> RUN_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<Views.Result>> RESULT_LIST = new TypeReference<>() {
    };
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    CoordinatorClient(URI base) {
        this.base = base;
    }

    /** The coordinator said no; {@code errors} lists a rejected file's problems, one line each. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient List<String> errors;

        Refused(String message, List<String> errors) {
            super(message);
            this.errors = errors;
        }
    }

    Views.Run submit(String fileName, String yaml) throws Refused {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        base.resolve("/api/runs?file=" + URLEncoder.encode(fileName, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
        if (response.statusCode() != 201) {
            JsonNode body = json(response.body());
            List<String> errors = new ArrayList<>();
            body.path("errors").forEach(e -> errors.add(e.get("file").asText() + ":" + e.get("line").asInt() + ":"
                    + e.get("column").asInt() + ": " + e.get("key").asText() + ": " + e.get("message").asText()));
            throw new Refused(body.path("message").asText("HTTP " + response.statusCode()), errors);
        }
        return read(response.body(), Views.Run.class);
    }

    @Override
    public List<Views.Run> runs() {
        return read(get("/api/runs").body(), RUN_LIST);
    }

    @Override
    public Optional<Views.Run> run(String runId) {
        HttpResponse<String> response = get("/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8));
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(read(response.body(), Views.Run.class));
    }

    /** Counted results of a run (each job's latest attempt). */
    List<Views.Result> results(String runId) {
        return read(get("/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/results").body(), RESULT_LIST);
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the coordinator at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode json(String body) {
        return read(body, JsonNode.class);
    }

    private static <T> T read(String body, Class<T> type) {
        return read(body, ProtocolCodec.JSON.constructType(type));
    }

    private static <T> T read(String body, TypeReference<T> type) {
        return read(body, ProtocolCodec.JSON.constructType(type));
    }

    private static <T> T read(String body, JavaType type) {
        try {
            return ProtocolCodec.JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unexpected answer from the coordinator: " + body, e);
        }
    }
}
