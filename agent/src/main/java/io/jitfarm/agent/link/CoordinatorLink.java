package io.jitfarm.agent.link;

import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's WebSocket to the coordinator, kept open: when it drops or cannot be opened, it is tried
 * again with exponential backoff. Messages sent while it is down are not queued here; the agent keeps
 * what matters in its spool and resends it after {@code onConnected}.
 */
public final class CoordinatorLink {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLink.class);
    private static final int MAX_MESSAGE_BYTES = 16 << 20;

    private final Vertx vertx;
    private final URI coordinator;
    private final long minBackoffMs;
    private final long maxBackoffMs;
    private final Consumer<AgentMessage> onMessage;
    private final Runnable onConnected;
    private final WebSocketClient client;
    private WebSocket socket;
    private long backoffMs;
    private boolean stopped;

    public CoordinatorLink(Vertx vertx, URI coordinator, long minBackoffMs, long maxBackoffMs,
                           Consumer<AgentMessage> onMessage, Runnable onConnected) {
        this.vertx = vertx;
        this.coordinator = coordinator;
        this.minBackoffMs = minBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.onMessage = onMessage;
        this.onConnected = onConnected;
        this.backoffMs = minBackoffMs;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES));
    }

    public void connect() {
        if (stopped) {
            return;
        }
        WebSocketConnectOptions target = new WebSocketConnectOptions()
                .setHost(coordinator.getHost())
                .setPort(coordinator.getPort() > 0 ? coordinator.getPort() : 80)
                .setSsl("https".equals(coordinator.getScheme()))
                .setURI("/agents");
        client.connect(target).onSuccess(this::opened).onFailure(e -> {
            LOG.debug("cannot reach the coordinator at {}: {}", coordinator, e.getMessage());
            retryLater();
        });
    }

    public boolean connected() {
        return socket != null;
    }

    /** Sends now if connected; returns false (and drops the message) if not. */
    public boolean send(AgentMessage message) {
        WebSocket open = socket;
        if (open == null) {
            return false;
        }
        open.writeTextMessage(ProtocolCodec.encode(message));
        return true;
    }

    public void stop() {
        stopped = true;
        if (socket != null) {
            socket.close();
        }
        client.close();
    }

    private void opened(WebSocket opened) {
        socket = opened;
        backoffMs = minBackoffMs;
        LOG.info("connected to the coordinator at {}", coordinator);
        opened.textMessageHandler(text -> {
            try {
                onMessage.accept(ProtocolCodec.decode(text));
            } catch (IllegalArgumentException e) {
                LOG.warn("unreadable message from the coordinator: {}", e.getMessage());
            }
        });
        opened.closeHandler(v -> {
            socket = null;
            if (!stopped) {
                LOG.warn("lost the coordinator at {}; reconnecting", coordinator);
                retryLater();
            }
        });
        onConnected.run();
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
        vertx.setTimer(delay, t -> connect());
    }
}
