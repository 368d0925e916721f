package io.jitfarm.coordinator.http;

import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.coordinator.scheduler.Outgoing;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The open agent WebSockets by agent id; delivers the scheduler's messages. */
public final class AgentConnections {
    private static final Logger LOG = LoggerFactory.getLogger(AgentConnections.class);
    private final Map<String, ServerWebSocket> sockets = new ConcurrentHashMap<>();

    /** Binds an agent id to its socket; an older socket of the same agent is closed. */
    void bind(String agentId, ServerWebSocket socket) {
        ServerWebSocket previous = sockets.put(agentId, socket);
        if (previous != null && previous != socket) {
            previous.close((short) 1008, "replaced by a newer connection of " + agentId);
        }
    }

    /** Unbinds the agent if {@code socket} is still its current one; true if it was. */
    boolean unbind(String agentId, ServerWebSocket socket) {
        return sockets.remove(agentId, socket);
    }

    public int size() {
        return sockets.size();
    }

    public void deliver(List<Outgoing> messages) {
        for (Outgoing outgoing : messages) {
            ServerWebSocket socket = outgoing.agentId() == null ? null : sockets.get(outgoing.agentId());
            if (socket == null) {
                LOG.debug("agent {} is not connected; dropped {}", outgoing.agentId(), outgoing.message());
            } else {
                send(socket, outgoing.message());
            }
        }
    }

    static void send(ServerWebSocket socket, AgentMessage message) {
        socket.writeTextMessage(ProtocolCodec.encode(message));
    }
}
