package io.jitfarm.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitfarm.common.result.ResultKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfluxServerTest {
    private static final Pattern BIND_ADDRESS = Pattern.compile("(?m)^\\s*bind-address\\s*=\\s*\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static int ping(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url.resolve("/ping")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** The influxd children of this JVM that were started with the config file in {@code dir}. */
    private List<ProcessHandle> influxdProcessesOf(Path dir) {
        String config = dir.resolve(InfluxConfig.FILE_NAME).toString();
        return ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains(config))
                .toList();
    }

    @Test
    void aStartedServerAnswersPingOnALoopbackPortAndClosingItStopsTheProcess() throws Exception {
        URI url;
        try (InfluxServer server = InfluxServer.start(dir)) {
            url = server.url();
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            assertThat(ping(url)).isEqualTo(204);
            assertThat(influxdProcessesOf(dir)).hasSize(1);
        }

        assertThat(influxdProcessesOf(dir)).isEmpty();
        assertThatThrownBy(() -> ping(url)).isInstanceOf(ConnectException.class);
    }

    @Test
    void everyAddressInTheWrittenConfigIsOnLoopbackAndEveryFileUnderTheFolder() throws Exception {
        try (InfluxServer server = InfluxServer.start(dir)) {
            String config = Files.readString(dir.resolve(InfluxConfig.FILE_NAME));

            List<String> binds = BIND_ADDRESS.matcher(config).results().map(match -> match.group(1)).toList();
            assertThat(binds).hasSize(2).allSatisfy(bind -> assertThat(bind).startsWith("127.0.0.1:"))
                    .contains("127.0.0.1:" + server.url().getPort());
            Matcher dirs = Pattern.compile("(?m)^\\s*(?:dir|wal-dir)\\s*=\\s*\"([^\"]*)\"").matcher(config);
            assertThat(dirs.results().map(match -> Path.of(match.group(1))).toList())
                    .hasSize(3).allSatisfy(path -> assertThat(path).startsWithRaw(dir.toAbsolutePath()));
            assertThat(config).contains("reporting-enabled = false").doesNotContainPattern("enabled = true");
        }
    }

    @Test
    void dataSurvivesAStopAndARestartOnTheSameFolder() throws Exception {
        try (InfluxServer server = InfluxServer.start(dir);
             MetricsWriter writer = MetricsWriter.connect(server.url(), InfluxServer.DATABASE)) {
            ResultPoints.of(KernelResults.job("run-restart"), KernelResults.BROWSER, ResultKind.KERNEL_BEST,
                    KernelResults.valid("c-3", 2.5), System.currentTimeMillis(), 1).forEach(writer::write);
        }

        try (InfluxServer server = InfluxServer.start(dir);
             MetricsWriter writer = MetricsWriter.connect(server.url(), InfluxServer.DATABASE)) {
            assertThat(writer.query("SELECT median_ms, candidate_id FROM kernel_best WHERE run = 'run-restart'"))
                    .singleElement()
                    .satisfies(row -> assertThat(row).containsEntry("median_ms", 2.5).containsEntry("candidate_id", "c-3"));
        }
    }
}
