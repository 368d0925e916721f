package io.jitfarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.coordinator.metrics.InfluxServer;
import io.jitfarm.coordinator.metrics.MetricsWriter;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two runs of a nightly experiment through a real coordinator: the second is judged against the first. */
@ExtendWith(VertxExtension.class)
class RegressionVerdictsTest {
    private static final List<Integer> SHAPE = List.of(33, 65, 17);
    private static final String NIGHTLY = """
            name: nightly
            devices: {ids: [dev-1]}
            backends: [wasm]
            workloads: [{kernel: matmul, shapes: [[33, 65, 17]]}]
            regression: {compare_to: previous, threshold_pct: 5}
            """;

    @TempDir
    Path dir;

    private static JsonNode best(String engine, double medianMs) {
        return ProtocolCodec.JSON.valueToTree(new KernelResult("matmul", SHAPE, engine, engine + "-best", "", 0, 0,
                List.of(medianMs), new SampleStats(1, medianMs, medianMs, medianMs, medianMs, medianMs), 1, 0, 0, true,
                null, 1, null, null, null));
    }

    /** Runs the experiment once: the agent reports one best time per engine. */
    private static JsonNode runOnce(CoordinatorFixture coordinator, TestAgent agent, Map<String, Double> bestByEngine)
            throws InterruptedException {
        String runId = coordinator.submit("nightly.yaml", NIGHTLY).body().get("id").asText();
        AgentMessage.JobOffer offer = agent.lease("dev-1");
        long seq = 0;
        for (Map.Entry<String, Double> best : bestByEngine.entrySet()) {
            agent.result(offer, ++seq, ResultKind.KERNEL_BEST, best(best.getKey(), best.getValue()));
        }
        assertThat(agent.finish(offer, seq).jobState()).isEqualTo("succeeded");
        return coordinator.awaitRun(runId, run -> run.get("state").asText().equals("succeeded"));
    }

    @Test
    void theSecondRunOfAnExperimentShowsAVerdictPerEngineInTheApiAndInInflux(Vertx vertx) throws Exception {
        try (InfluxServer influx = InfluxServer.start(dir.resolve("influxdb"));
             MetricsWriter reader = MetricsWriter.connect(influx.url(), InfluxServer.DATABASE)) {
            CoordinatorFixture coordinator = CoordinatorFixture.start(vertx, dir.resolve("data"), 10_000, 2,
                    Optional.of(influx.url()));
            TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");

            JsonNode first = runOnce(coordinator, agent, Map.of("jitfarm", 4.0, "handwritten", 10.0));
            JsonNode second = runOnce(coordinator, agent, Map.of("jitfarm", 5.0, "handwritten", 10.2));
            agent.close();
            coordinator.stop();

            assertThat(first.has("regression")).as("the first run has nothing to compare with").isFalse();
            JsonNode verdicts = second.get("regression");
            assertThat(verdicts).extracting(v -> v.get("engine").asText() + " " + v.get("verdict").asText())
                    .containsExactlyInAnyOrder("jitfarm regressed", "handwritten unchanged");
            assertThat(verdicts).allSatisfy(v -> assertThat(v.get("baselineRun").asText())
                    .isEqualTo(first.get("id").asText()));

            List<Map<String, Object>> points = reader.query("SELECT median_ms, baseline_median_ms, change_pct,"
                    + " threshold_pct, baseline_run, text, verdict, browser FROM regression WHERE run = '"
                    + second.get("id").asText() + "' AND engine = 'jitfarm'");
            assertThat(points).singleElement().satisfies(point -> {
                assertThat(point).containsEntry("median_ms", 5.0).containsEntry("baseline_median_ms", 4.0)
                        .containsEntry("threshold_pct", 5.0).containsEntry("verdict", "regressed")
                        .containsEntry("browser", "chromium").containsEntry("baseline_run", first.get("id").asText());
                assertThat((Double) point.get("change_pct")).isCloseTo(25.0, offset(1e-9));
                assertThat((String) point.get("text")).startsWith("matmul 33x65x17 by jitfarm on dev-1")
                        .endsWith("(+25.0%, threshold 5%): regressed");
            });
        }
    }
}
