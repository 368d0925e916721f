package io.jitfarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class AgentProtocolTest {
    private static final long LEASE_MS = 800;
    private static final String ONE_JOB = """
            name: proto
            devices: {ids: [dev-1]}
            backends: [wasm]
            workloads: [{kernel: matmul, shapes: [[33, 65, 17]]}]
            """;

    @TempDir
    Path dataDir;
    private Vertx vertx;
    private CoordinatorFixture coordinator;

    @BeforeEach
    void startCoordinator(Vertx vertx) {
        this.vertx = vertx;
        coordinator = CoordinatorFixture.start(vertx, dataDir, LEASE_MS, 2);
    }

    private static JsonNode payload(int value) {
        return ProtocolCodec.JSON.createObjectNode().put("medianMs", value);
    }

    private String submit(String yaml) {
        CoordinatorFixture.Response response = coordinator.submit("proto.yaml", yaml);
        assertThat(response.status()).as("%s", response.body()).isEqualTo(201);
        return response.body().get("id").asText();
    }

    @Test
    void aDeadAgentsJobIsLeasedToAnotherAgentAndOnlyTheLastAttemptsResultsCount() throws Exception {
        TestAgent first = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        String runId = submit(ONE_JOB);
        AgentMessage.JobOffer offer = first.lease("dev-1");
        assertThat(offer.attempt()).isEqualTo(1);
        assertThat(offer.spec().deviceId()).isEqualTo("dev-1");

        first.result(offer, 1, payload(10));
        first.result(offer, 1, payload(10));   // a resend: acknowledged again, stored once
        first.result(offer, 3, payload(30));   // out of order: stored, 2 still missing
        first.result(offer, 2, payload(20));
        assertThat(coordinator.get("/api/runs/" + runId).body().get("results").asLong()).isEqualTo(3);
        first.close();                         // gone without finishing, no heartbeats

        JsonNode requeued = coordinator.awaitRun(runId, run -> run.at("/jobs/0/state").asText().equals("queued"));
        assertThat(requeued.at("/jobs/0/attemptHistory/0/outcome").asText()).isEqualTo("expired");
        assertThat(requeued.at("/jobs/0/attemptHistory/0/results").asLong()).isEqualTo(3);

        TestAgent second = TestAgent.register(vertx, coordinator.port, "agent-b", "dev-1");
        AgentMessage.JobOffer retry = second.lease("dev-1");
        assertThat(retry.jobId()).isEqualTo(offer.jobId());
        assertThat(retry.attempt()).isEqualTo(2);
        second.result(retry, 1, payload(11));
        second.result(retry, 2, payload(21));
        assertThat(second.finish(retry, 2).jobState()).isEqualTo("succeeded");

        JsonNode run = coordinator.awaitRun(runId, r -> r.get("state").asText().equals("succeeded"));
        assertThat(run.get("results").asLong()).as("the expired attempt's results do not count").isEqualTo(2);
        JsonNode job = run.at("/jobs/0");
        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        assertThat(job.get("history")).extracting(e -> e.get("state").asText())
                .containsExactly("queued", "leased", "queued", "leased", "succeeded");
        second.close();

        TestAgent late = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        late.send(new AgentMessage.Result(offer.jobId(), 1, 4, "kernel", payload(40)));
        late.expect(AgentMessage.Ack.class);
        assertThat(late.expect(AgentMessage.Cancel.class).reason()).contains("no longer holds the lease");
        assertThat(coordinator.get("/api/runs/" + runId).body().get("results").asLong()).isEqualTo(2);
        late.close();
    }

    @Test
    void aJobFailsAfterItsLastAttemptWithTheReasonsOfEveryAttempt() throws Exception {
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        String runId = submit(ONE_JOB);
        AgentMessage.JobOffer offer = agent.lease("dev-1");
        agent.send(new AgentMessage.Fail(offer.jobId(), offer.attempt(), "browser crashed", "console: oops"));
        assertThat(agent.expect(AgentMessage.Closed.class).jobState()).isEqualTo("queued");

        AgentMessage.JobOffer retry = agent.lease("dev-1");
        assertThat(retry.attempt()).isEqualTo(2);
        // no heartbeat: the lease runs out and the coordinator tells the agent to stop
        assertThat(agent.expect(AgentMessage.Cancel.class).reason()).startsWith("lease expired");

        JsonNode run = coordinator.awaitRun(runId, r -> r.get("state").asText().equals("failed"));
        String reason = run.at("/jobs/0/history").get(run.at("/jobs/0/history").size() - 1).get("reason").asText();
        assertThat(reason).startsWith("failed after 2 attempt(s): attempt 1 on agent-a: browser crashed;"
                + " attempt 2 on agent-a: lease expired");
        agent.close();
    }

    @Test
    void heartbeatsKeepALeaseAliveBeyondItsTerm() throws Exception {
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        String runId = submit(ONE_JOB);
        AgentMessage.JobOffer offer = agent.lease("dev-1");
        for (int i = 0; i < 6; i++) {
            Thread.sleep(LEASE_MS / 3);
            agent.send(new AgentMessage.Heartbeat(List.of(new AgentMessage.LeaseRef(offer.jobId(), offer.attempt()))));
        }
        assertThat(coordinator.get("/api/runs/" + runId).body().at("/jobs/0/state").asText()).isEqualTo("leased");
        assertThat(agent.finish(offer, 0).jobState()).isEqualTo("succeeded");
        agent.close();
    }

    @Test
    void aFinishWithMissingResultsIsRejectedUntilTheyArrive() {
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        submit(ONE_JOB);
        AgentMessage.JobOffer offer = agent.lease("dev-1");
        agent.result(offer, 2, payload(2));
        agent.send(new AgentMessage.Finish(offer.jobId(), offer.attempt(), 3, null));
        assertThat(agent.expect(AgentMessage.Rejected.class).missingSeqs()).containsExactly(1L, 3L);

        agent.result(offer, 1, payload(1));
        agent.result(offer, 3, payload(3));
        assertThat(agent.finish(offer, 3).jobState()).isEqualTo("succeeded");
        assertThat(agent.finish(offer, 3).jobState()).as("a repeated finish is answered the same").isEqualTo("succeeded");
        agent.close();
    }

    @Test
    void aDeviceIsOfferedAJobAsSoonAsOneIsSubmitted() {
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        agent.send(new AgentMessage.Lease("dev-1"));
        String runId = submit(ONE_JOB);
        assertThat(agent.expect(AgentMessage.JobOffer.class).spec().runId()).isEqualTo(runId);
        agent.close();
    }

    @Test
    void aRejectedFileQueuesNothingAndListsAllItsErrors() {
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        CoordinatorFixture.Response response = coordinator.submit("broken.yaml", """
                name: broken
                devices: {ids: [dev-2]}
                backends: [wasm, metal]
                workloads: [{kernel: matmul, shapes: [[1, 2]]}]
                """);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("message").asText()).isEqualTo("broken.yaml has 3 error(s)");
        assertThat(response.body().get("errors")).extracting(e -> e.get("line").asInt() + ":" + e.get("key").asText())
                .containsExactly("2:devices.ids[0]", "3:backends[1]", "4:workloads[0].shapes[0]");
        assertThat(coordinator.get("/api/runs").body()).isEmpty();
        agent.close();
    }

    @Test
    void cancellingARunStopsItsLeasedJobsAndASecondCancelConflicts() {
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1");
        String runId = submit(ONE_JOB);
        AgentMessage.JobOffer offer = agent.lease("dev-1");

        CoordinatorFixture.Response cancelled = coordinator.post("/api/runs/" + runId + "/cancel");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("state").asText()).isEqualTo("cancelled");
        assertThat(agent.expect(AgentMessage.Cancel.class).jobId()).isEqualTo(offer.jobId());

        assertThat(coordinator.post("/api/runs/" + runId + "/cancel").status()).isEqualTo(409);
        assertThat(coordinator.post("/api/runs/nope/cancel").status()).isEqualTo(404);
        assertThat(coordinator.get("/api/runs/nope").status()).isEqualTo(404);
        agent.close();
    }

    @Test
    void theRestApiListsAgentsDevicesAndHealth() {
        TestAgent agent = TestAgent.register(vertx, coordinator.port, "agent-a", "dev-1", "dev-2");

        assertThat(coordinator.get("/api/health").body().get("agentsConnected").asInt()).isEqualTo(1);
        JsonNode agents = coordinator.get("/api/agents").body();
        assertThat(agents).extracting(a -> a.get("id").asText()).containsExactly("agent-a");
        assertThat(agents.get(0).get("connected").asBoolean()).isTrue();
        assertThat(coordinator.get("/api/devices").body()).extracting(d -> d.at("/device/id").asText())
                .containsExactly("dev-1", "dev-2");
        assertThat(coordinator.get("/api/nothing-here").status()).isEqualTo(404);
        agent.close();
    }
}
