package io.jitfarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test plays an agent through this: a real WebSocket client speaking the agent protocol to a real
 * coordinator, one message at a time, with no automatic heartbeats (so the test controls leases).
 */
final class TestAgent implements AutoCloseable {
    private final String agentId;
    private final WebSocketClient client;
    private final WebSocket socket;
    private final BlockingQueue<AgentMessage> inbox = new LinkedBlockingQueue<>();

    private TestAgent(String agentId, WebSocketClient client, WebSocket socket) {
        this.agentId = agentId;
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(text -> inbox.add(ProtocolCodec.decode(text)));
    }

    /** Connects and registers {@code devices}, claiming {@code leases}; waits for the coordinator's answer. */
    static TestAgent register(Vertx vertx, int port, String agentId, List<AgentMessage.LeaseRef> leases,
                              String... devices) {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket socket = Await.within(client.connect(port, "127.0.0.1", "/agents"), 10);
        TestAgent agent = new TestAgent(agentId, client, socket);
        agent.send(new AgentMessage.Register(agentId, Arrays.stream(devices)
                .map(id -> new DeviceDescriptor(id, "chromedriver", "chromium", Map.of("os", "linux"))).toList(),
                leases));
        assertThat(agent.expect(AgentMessage.Registered.class).agentId()).isEqualTo(agentId);
        return agent;
    }

    static TestAgent register(Vertx vertx, int port, String agentId, String... devices) {
        return register(vertx, port, agentId, List.of(), devices);
    }

    void send(AgentMessage message) {
        Await.within(socket.writeTextMessage(ProtocolCodec.encode(message)), 10);
    }

    AgentMessage.JobOffer lease(String deviceId) {
        send(new AgentMessage.Lease(deviceId));
        return expect(AgentMessage.JobOffer.class);
    }

    /** Sends a result and returns the coordinator's acknowledgement. */
    AgentMessage.Ack result(AgentMessage.JobOffer job, long seq, JsonNode payload) {
        return result(job, seq, "kernel", payload);
    }

    AgentMessage.Ack result(AgentMessage.JobOffer job, long seq, String kind, JsonNode payload) {
        send(new AgentMessage.Result(job.jobId(), job.attempt(), seq, kind, payload));
        AgentMessage.Ack ack = expect(AgentMessage.Ack.class);
        assertThat(ack.seq()).isEqualTo(seq);
        return ack;
    }

    AgentMessage.Closed finish(AgentMessage.JobOffer job, long results) {
        send(new AgentMessage.Finish(job.jobId(), job.attempt(), results, ProtocolCodec.JSON.createObjectNode()));
        return expect(AgentMessage.Closed.class);
    }

    /** The next message, which must be of {@code type}, within 10 s. */
    <T extends AgentMessage> T expect(Class<T> type) {
        try {
            AgentMessage next = inbox.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("%s expected a %s", agentId, type.getSimpleName()).isInstanceOf(type);
            return type.cast(next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** True if nothing arrives within {@code millis}. */
    boolean quietFor(long millis) throws InterruptedException {
        AgentMessage next = inbox.poll(millis, TimeUnit.MILLISECONDS);
        assertThat(next).as("%s expected no message", agentId).isNull();
        return true;
    }

    @Override
    public void close() {
        Await.within(socket.close(), 10);
        client.close();
    }
}
