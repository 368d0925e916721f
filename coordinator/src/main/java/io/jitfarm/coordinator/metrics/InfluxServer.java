package io.jitfarm.coordinator.metrics;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private influxd for the embedded default and for tests: its data, meta and wal live under one
 * folder, so starting it again on the same folder finds the data written before. Callers close it; there
 * is deliberately no shutdown hook.
 */
public final class InfluxServer implements AutoCloseable {
    public static final String DATABASE = "jitfarm";
    private static final Path INFLUXD = Path.of("/usr/bin/influxd");
    private static final String LOG_FILE = "influxd.log";
    private static final Logger LOG = LoggerFactory.getLogger(InfluxServer.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final int LOG_TAIL_LINES = 20;

    private final Process process;
    private final URI url;

    private InfluxServer(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts influxd on free loopback ports, waits until it answers and makes sure the database exists. */
    public static InfluxServer start(Path dir) throws IOException {
        return start(dir, freeLoopbackPort());
    }

    /** Starts influxd on a given HTTP port, e.g. again where its clients know it after {@link #close}. */
    static InfluxServer start(Path dir, int httpPort) throws IOException {
        if (!Files.isExecutable(INFLUXD)) {
            throw new IllegalStateException(INFLUXD + " is missing: run scripts/setup.sh to install InfluxDB");
        }
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve(InfluxConfig.FILE_NAME),
                InfluxConfig.render(dir, httpPort, freeLoopbackPort()));
        Path log = dir.resolve(LOG_FILE);
        Process process = new ProcessBuilder(INFLUXD.toString(), "run", "-config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        InfluxServer server = new InfluxServer(process, URI.create("http://127.0.0.1:" + httpPort));
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            server.awaitPing(http, log);
            server.createDatabase(http);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("influxd {} ready at {} with its data in {}", process.pid(), server.url, dir);
        return server;
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("influxd {} did not stop within {} s, killing it", process.pid(), STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The port is free when asked but only bound later by influxd; another process taking it in between
     * makes influxd exit, which {@link #awaitPing} reports with the log that says so.
     */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitPing(HttpClient http, Path log) throws IOException {
        HttpRequest ping = HttpRequest.newBuilder(url.resolve("/ping")).timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("influxd exited with code " + process.exitValue() + "; " + tail(log));
            }
            try {
                if (send(http, ping).statusCode() == 204) {
                    return;
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException notListeningYet) {
                // expected until influxd has bound its port
            }
            pause();
        }
        throw new IOException("influxd did not answer " + url.resolve("/ping") + " within "
                + READY_TIMEOUT.toSeconds() + " s; " + tail(log));
    }

    private void createDatabase(HttpClient http) throws IOException {
        String form = "q=" + URLEncoder.encode("CREATE DATABASE " + DATABASE, StandardCharsets.UTF_8);
        HttpRequest create = HttpRequest.newBuilder(url.resolve("/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = send(http, create);
        // InfluxQL reports a failed statement inside a 200 answer, so the body must be checked too
        if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
            throw new IOException("influxd could not create database " + DATABASE + ": " + response.statusCode()
                    + " " + response.body());
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to influxd");
        }
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for influxd");
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return LOG_FILE + " ends with:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }
}
