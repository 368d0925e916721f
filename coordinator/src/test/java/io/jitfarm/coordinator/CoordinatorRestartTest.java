package io.jitfarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class CoordinatorRestartTest {
    private static final long LEASE_MS = 800;
    private static final String TWO_JOBS = """
            name: restart
            devices: {ids: [dev-1]}
            backends: [wasm]
            threads: [1, 2]
            workloads: [{kernel: matmul, shapes: [[33, 65, 17]]}]
            """;

    @TempDir
    Path dataDir;

    /** Runs the first job to the end and leaves the second leased with one result, then restarts. */
    private static String runHalfAndRestart(Vertx vertx, Path dataDir, CoordinatorFixture[] coordinator,
                                            AgentMessage.JobOffer[] leased) {
        TestAgent agent = TestAgent.register(vertx, coordinator[0].port, "agent-a", "dev-1");
        CoordinatorFixture.Response submitted = coordinator[0].submit("restart.yaml", TWO_JOBS);
        String runId = submitted.body().get("id").asText();
        AgentMessage.JobOffer first = agent.lease("dev-1");
        agent.result(first, 1, ProtocolCodec.JSON.createObjectNode().put("ms", 1));
        agent.finish(first, 1);
        leased[0] = agent.lease("dev-1");
        agent.result(leased[0], 1, ProtocolCodec.JSON.createObjectNode().put("ms", 2));
        agent.close();

        coordinator[0].stop();
        coordinator[0] = CoordinatorFixture.start(vertx, dataDir, LEASE_MS, 3);
        return runId;
    }

    @Test
    void aRunGoesOnAfterARestartWhenItsAgentComesBack(Vertx vertx) throws Exception {
        CoordinatorFixture[] coordinator = {CoordinatorFixture.start(vertx, dataDir, LEASE_MS, 3)};
        AgentMessage.JobOffer[] leased = new AgentMessage.JobOffer[1];
        String runId = runHalfAndRestart(vertx, dataDir, coordinator, leased);

        JsonNode afterRestart = coordinator[0].get("/api/runs/" + runId).body();
        assertThat(afterRestart.get("state").asText()).isEqualTo("running");
        assertThat(afterRestart.at("/jobs/0/state").asText()).isEqualTo("succeeded");
        assertThat(afterRestart.at("/jobs/1/state").asText()).isEqualTo("leased");
        assertThat(afterRestart.get("results").asLong()).isEqualTo(2);

        TestAgent back = TestAgent.register(vertx, coordinator[0].port, "agent-a",
                List.of(new AgentMessage.LeaseRef(leased[0].jobId(), leased[0].attempt())), "dev-1");
        back.result(leased[0], 2, ProtocolCodec.JSON.createObjectNode().put("ms", 3));
        assertThat(back.finish(leased[0], 2).jobState()).isEqualTo("succeeded");

        JsonNode done = coordinator[0].awaitRun(runId, r -> r.get("state").asText().equals("succeeded"));
        assertThat(done.get("results").asLong()).isEqualTo(3);
        assertThat(done.at("/jobs/1/attempts").asInt()).isEqualTo(1);
        back.close();
        coordinator[0].stop();
    }

    @Test
    void leasedJobsWhoseAgentsDoNotComeBackAreRequeuedAfterARestart(Vertx vertx) throws Exception {
        CoordinatorFixture[] coordinator = {CoordinatorFixture.start(vertx, dataDir, LEASE_MS, 3)};
        AgentMessage.JobOffer[] leased = new AgentMessage.JobOffer[1];
        String runId = runHalfAndRestart(vertx, dataDir, coordinator, leased);

        JsonNode requeued = coordinator[0].awaitRun(runId, r -> r.at("/jobs/1/state").asText().equals("queued"));
        assertThat(requeued.at("/jobs/1/attemptHistory/0/outcome").asText()).isEqualTo("expired");
        assertThat(requeued.at("/jobs/0/state").asText()).as("finished work is kept").isEqualTo("succeeded");

        TestAgent other = TestAgent.register(vertx, coordinator[0].port, "agent-b", "dev-1");
        AgentMessage.JobOffer retry = other.lease("dev-1");
        assertThat(retry.jobId()).isEqualTo(leased[0].jobId());
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(other.finish(retry, 0).jobState()).isEqualTo("succeeded");
        JsonNode done = coordinator[0].awaitRun(runId, r -> r.get("state").asText().equals("succeeded"));
        assertThat(done.get("results").asLong()).isEqualTo(1);
        other.close();
        coordinator[0].stop();
    }

    @Test
    void anAgentThatReturnsWithoutItsJobGetsItRequeuedAtOnce(Vertx vertx) throws Exception {
        CoordinatorFixture coordinator = CoordinatorFixture.start(vertx, dataDir, 60_000, 3);
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        String runId = coordinator.submit("restart.yaml", TWO_JOBS).body().get("id").asText();
        AgentMessage.JobOffer offer = agent.lease("dev-1");
        agent.close();

        TestAgent restarted = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        JsonNode run = coordinator.awaitRun(runId, r -> r.at("/jobs/0/state").asText().equals("queued"));
        assertThat(run.at("/jobs/0/attemptHistory/0/reason").asText()).contains("came back without this job");
        assertThat(restarted.lease("dev-1").jobId()).isEqualTo(offer.jobId());
        restarted.close();
        coordinator.stop();
    }
}
