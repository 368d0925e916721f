package io.jitfarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.coordinator.metrics.InfluxServer;
import io.jitfarm.coordinator.metrics.MetricsWriter;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real coordinator writing to a real influxd, driven by a real agent connection. */
@ExtendWith(VertxExtension.class)
class FarmHealthPointsTest {
    private static final long LEASE_MS = 10_000;
    private static final String ONE_JOB = """
            name: health
            devices: {ids: [dev-1]}
            backends: [wasm]
            workloads: [{kernel: matmul, shapes: [[33, 65, 17]]}]
            """;

    @TempDir
    Path dir;
    private Vertx vertx;
    private InfluxServer influx;
    private MetricsWriter reader;
    private CoordinatorFixture coordinator;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        influx = InfluxServer.start(dir.resolve("influxdb"));
        reader = MetricsWriter.connect(influx.url(), InfluxServer.DATABASE);
        coordinator = CoordinatorFixture.start(vertx, dir.resolve("data"), LEASE_MS, 2, Optional.of(influx.url()));
    }

    @AfterEach
    void stop() {
        coordinator.stop();
        reader.close();
        influx.close();
    }

    private String submit() {
        return coordinator.submit("health.yaml", ONE_JOB).body().get("id").asText();
    }

    /** The rows of {@code influxQl} once there are {@code count} of them (points arrive asynchronously). */
    private List<Map<String, Object>> awaitRows(String influxQl, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<Map<String, Object>> rows = reader.query(influxQl);
        while (rows.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            rows = reader.query(influxQl);
        }
        assertThat(rows).as(influxQl).hasSize(count);
        return rows;
    }

    private List<String> jobHistory(String runId, int count) throws InterruptedException {
        return awaitRows("SELECT state, attempt, agent, reason FROM job WHERE run = '" + runId + "'", count).stream()
                .map(row -> row.get("state") + " " + ((Number) row.get("attempt")).intValue() + " " + row.get("agent")
                        + " " + row.get("reason")).toList();
    }

    @Test
    void aJobLeasedAndFinishedLeavesItsStateChangesAndItsAgentsBeatsInInflux() throws Exception {
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1", "dev-2");
        String runId = submit();
        AgentMessage.JobOffer offer = agent.lease("dev-1");
        agent.send(new AgentMessage.Heartbeat(List.of(new AgentMessage.LeaseRef(offer.jobId(), offer.attempt()))));
        assertThat(agent.finish(offer, 0).jobState()).isEqualTo("succeeded");
        agent.close();
        coordinator.awaitRun(runId, run -> run.get("state").asText().equals("succeeded"));

        assertThat(jobHistory(runId, 3)).containsExactly(
                "queued 0 null submitted", "leased 1 agent-a null", "succeeded 1 agent-a null");
        assertThat(awaitRows("SELECT count, job_id FROM job WHERE run = '" + runId + "'", 3))
                .allSatisfy(row -> assertThat(row).containsEntry("count", 1.0).containsEntry("job_id", offer.jobId()));
        assertThat(reader.query("SHOW TAG KEYS FROM job")).extracting(row -> row.get("tagKey"))
                .containsExactlyInAnyOrder("experiment", "run", "device", "backend", "threads", "state");

        assertThat(awaitRows("SELECT event, devices_online, leases, connected FROM agent WHERE agent = 'agent-a'", 3))
                .extracting(row -> row.get("event") + " " + row.get("devices_online") + " " + row.get("leases") + " "
                        + row.get("connected"))
                .containsExactly("registered 2.0 0.0 true", "heartbeat 2.0 1.0 true", "disconnected 0.0 0.0 false");
        assertThat(coordinator.get("/api/health").body().at("/influx/spooled").asLong()).isZero();
    }

    @Test
    void aRetriedAndFailedJobAndACancelledRunLeaveTheirReasons() throws Exception {
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        String failing = submit();
        for (int attempt = 1; attempt <= 2; attempt++) {
            AgentMessage.JobOffer offer = agent.lease("dev-1");
            agent.send(new AgentMessage.Fail(offer.jobId(), offer.attempt(), "browser crashed", ""));
            agent.expect(AgentMessage.Closed.class);
        }
        String cancelled = submit();
        assertThat(coordinator.post("/api/runs/" + cancelled + "/cancel").status()).isEqualTo(200);
        agent.close();

        assertThat(jobHistory(failing, 5)).containsExactly("queued 0 null submitted", "leased 1 agent-a null",
                "queued 1 agent-a browser crashed", "leased 2 agent-a null",
                "failed 2 agent-a failed after 2 attempt(s): attempt 1 on agent-a: browser crashed;"
                        + " attempt 2 on agent-a: browser crashed");
        assertThat(jobHistory(cancelled, 2)).containsExactly("queued 0 null submitted", "cancelled 0 null run cancelled");
    }
}
