package io.jitfarm.coordinator.http;

import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.coordinator.SchedulerQueue;
import io.jitfarm.coordinator.scheduler.Outgoing;
import io.jitfarm.coordinator.scheduler.Scheduler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code /agents} WebSocket: one connection per agent, which must open with a register message. */
public final class AgentEndpoint {
    public static final String PATH = "/agents";
    private static final Logger LOG = LoggerFactory.getLogger(AgentEndpoint.class);

    private final Scheduler scheduler;
    private final SchedulerQueue queue;
    private final AgentConnections connections;

    public AgentEndpoint(Scheduler scheduler, SchedulerQueue queue, AgentConnections connections) {
        this.scheduler = scheduler;
        this.queue = queue;
        this.connections = connections;
    }

    public void handle(RoutingContext context) {
        context.request().toWebSocket()
                .onSuccess(this::serve)
                .onFailure(e -> LOG.warn("agent WebSocket upgrade failed: {}", e.getMessage()));
    }

    private void serve(ServerWebSocket socket) {
        AtomicReference<String> agentId = new AtomicReference<>();
        socket.textMessageHandler(text -> {
            AgentMessage message;
            try {
                message = ProtocolCodec.decode(text);
            } catch (IllegalArgumentException e) {
                AgentConnections.send(socket, new AgentMessage.Error(e.getMessage()));
                return;
            }
            if (message instanceof AgentMessage.Register register) {
                agentId.set(register.agentId());
                connections.bind(register.agentId(), socket);
                queue.run(out -> scheduler.register(register.agentId(), register.devices(), register.leases(), out));
            } else if (agentId.get() == null) {
                AgentConnections.send(socket, new AgentMessage.Error("register first"));
                socket.close((short) 1008, "register first");
            } else {
                String agent = agentId.get();
                queue.run(out -> dispatch(agent, message, out)).onFailure(e -> {
                    LOG.error("agent {}: cannot handle {}", agent, message, e);
                    AgentConnections.send(socket, new AgentMessage.Error("coordinator error: " + e.getMessage()));
                });
            }
        });
        socket.closeHandler(closed -> {
            String agent = agentId.get();
            if (agent != null && connections.unbind(agent, socket)) {
                queue.run(out -> scheduler.disconnected(agent));
            }
        });
    }

    private void dispatch(String agentId, AgentMessage message, List<Outgoing> out) {
        if (message instanceof AgentMessage.Heartbeat heartbeat) {
            scheduler.heartbeat(agentId, heartbeat.leases(), out);
        } else if (message instanceof AgentMessage.Lease lease) {
            scheduler.requestLease(agentId, lease.deviceId(), out);
        } else if (message instanceof AgentMessage.Result result) {
            scheduler.result(agentId, result, out);
        } else if (message instanceof AgentMessage.Finish finish) {
            scheduler.finish(agentId, finish, out);
        } else if (message instanceof AgentMessage.Fail fail) {
            scheduler.fail(agentId, fail, out);
        } else {
            out.add(new Outgoing(agentId,
                    new AgentMessage.Error("agents do not send " + message.getClass().getSimpleName())));
        }
    }
}
