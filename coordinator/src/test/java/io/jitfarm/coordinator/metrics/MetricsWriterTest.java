package io.jitfarm.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.result.ResultKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** One influxd for the class; each test writes under its own run id so they never see each other's points. */
class MetricsWriterTest {
    @TempDir
    static Path dir;
    private static InfluxServer server;
    private static MetricsWriter writer;

    @BeforeAll
    static void startInflux() throws Exception {
        server = InfluxServer.start(dir);
        writer = MetricsWriter.connect(server.url(), InfluxServer.DATABASE, dir.resolve("spool"));
    }

    @AfterAll
    static void stopInflux() {
        writer.close();
        server.close();
    }

    private static void write(String run, String kind, JsonNode result, long receivedAtMillis, long seq) {
        ResultPoints.of(KernelResults.job(run), KernelResults.BROWSER, kind, result, receivedAtMillis, seq)
                .forEach(writer::write);
    }

    @Test
    void aCandidateAndABestCanBeQueriedBackByDeviceAndShape() {
        long now = System.currentTimeMillis();
        write("run-query", ResultKind.KERNEL_CANDIDATE, KernelResults.valid("c-17", 4.0), now, 1);
        write("run-query", ResultKind.KERNEL_CANDIDATE, KernelResults.trapped("c-99"), now, 2);
        write("run-query", ResultKind.KERNEL_BEST, KernelResults.valid("c-17", 4.0), now, 3);
        writer.flush();

        List<Map<String, Object>> candidates = writer.query("SELECT median_ms, candidate_id, valid, error, samples, "
                + "gflops, browser, threads FROM kernel_candidate WHERE device = 'local-chromium' "
                + "AND shape = '128x768x768' AND run = 'run-query'");
        assertThat(candidates).hasSize(2);
        assertThat(candidates.get(0)).containsEntry("candidate_id", "c-17").containsEntry("median_ms", 4.0)
                .containsEntry("valid", true).containsEntry("error", null).containsEntry("samples", 3.0)
                .containsEntry("browser", "chromium").containsEntry("threads", "2");
        assertThat((Double) candidates.get(0).get("gflops")).isCloseTo(37.7, offset(0.1));
        assertThat(candidates.get(1)).containsEntry("candidate_id", "c-99").containsEntry("median_ms", null)
                .containsEntry("valid", false).containsEntry("error", "trap: unreachable");

        assertThat(writer.query("SELECT median_ms, candidate_id FROM kernel_best WHERE run = 'run-query' "
                + "GROUP BY engine, op")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("engine", "jitfarm").containsEntry("op", "matmul")
                .containsEntry("candidate_id", "c-17").containsEntry("median_ms", 4.0));
    }

    @Test
    void kernelMeasurementsHaveExactlyTheDesignedTags() {
        write("run-tags", ResultKind.KERNEL_CANDIDATE, KernelResults.valid("c-1", 3.0), System.currentTimeMillis(), 1);
        writer.flush();

        assertThat(writer.query("SHOW TAG KEYS FROM kernel_candidate")).extracting(row -> row.get("tagKey"))
                .containsExactlyInAnyOrder("experiment", "run", "device", "browser", "backend", "threads", "op",
                        "shape", "engine");
    }

    @Test
    void twoResultsReceivedInTheSameMillisecondWithTheSameTagsBothSurvive() {
        long now = System.currentTimeMillis();
        write("run-same-ms", ResultKind.KERNEL_CANDIDATE, KernelResults.valid("c-1", 3.0), now, 1);
        write("run-same-ms", ResultKind.KERNEL_CANDIDATE, KernelResults.valid("c-2", 3.5), now, 2);
        writer.flush();

        assertThat(writer.query("SELECT count(median_ms) FROM kernel_candidate WHERE run = 'run-same-ms'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("count", 2.0));
    }

    @Test
    void aPointInfluxDbRefusesForGoodIsLoggedAndDroppedWithoutHoldingUpLaterPoints() {
        Logger logger = (Logger) LoggerFactory.getLogger(SpoolingSender.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        long now = System.currentTimeMillis();
        try {
            writer.write(Point.measurement("refusal_check").time(now, TimeUnit.MILLISECONDS).addField("value", 1).build());
            writer.flush();
            writer.write(Point.measurement("refusal_check").time(now + 1, TimeUnit.MILLISECONDS)
                    .addField("value", "not a number").build());
            writer.flush();
            writer.write(Point.measurement("refusal_check").time(now + 2, TimeUnit.MILLISECONDS).addField("value", 3).build());
            writer.flush();
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(writer.status().spooled()).isZero();
        assertThat(writer.query("SELECT value FROM refusal_check")).extracting(row -> row.get("value"))
                .containsExactly(1.0, 3.0);
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains("refused", "field type conflict");
        });
    }

    @Test
    void aQueryInfluxDbRejectsFailsWithItsReason() {
        assertThatThrownBy(() -> writer.query("SELECT median_ms FROM kernel_candidate WHERE"))
                .isInstanceOf(InfluxDBException.class).hasMessageContaining("error parsing query");
        assertThatThrownBy(() -> writer.query("SELECT median_ms FROM nowhere.autogen.kernel_candidate"))
                .isInstanceOf(InfluxDBException.class).hasMessageContaining("database not found");
    }
}
