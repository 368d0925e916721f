package io.jitfarm.agent.page;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness page of one job, connected back to the agent: commands go out with an id, and the
 * page's {@code result} or {@code error} with that id completes them. When the page goes away
 * (a crashed or killed browser) every pending command fails at once instead of waiting for its timeout.
 */
public final class PageConnection {
    private static final int LOG_LINES_KEPT = 200;

    private final Vertx vertx;
    private final ServerWebSocket socket;
    private final JsonObject environment;
    private final Map<Long, Promise<JsonObject>> pending = new HashMap<>();
    private final Deque<String> logs = new ArrayDeque<>();
    private final Promise<Void> closed = Promise.promise();
    private long nextId = 1;

    PageConnection(Vertx vertx, ServerWebSocket socket, JsonObject environment) {
        this.vertx = vertx;
        this.socket = socket;
        this.environment = environment;
        socket.closeHandler(v -> lost("page connection lost (browser closed or crashed)"));
    }

    /** What the page reported in its hello: user agent, features, limits. */
    public JsonObject environment() {
        return environment;
    }

    /** Sends a command; the future fails on an {@code error} answer, a timeout, or a lost page. */
    public Future<JsonObject> call(JsonObject command, long timeoutMs) {
        long id = nextId++;
        Promise<JsonObject> answer = Promise.promise();
        if (closed.future().isComplete()) {
            return Future.failedFuture(new PageException(PageException.Reason.LOST,
                    "page connection lost before " + command.getString("type")));
        }
        pending.put(id, answer);
        long timer = vertx.setTimer(timeoutMs, t -> {
            if (pending.remove(id) != null) {
                answer.tryFail(new PageException(PageException.Reason.TIMEOUT,
                        "no answer from the page to " + command.getString("type") + " within " + timeoutMs + " ms"));
            }
        });
        socket.writeTextMessage(command.copy().put("id", id).encode());
        return answer.future().andThen(done -> vertx.cancelTimer(timer));
    }

    /** The page's forwarded console errors and warnings, most recent last. */
    public synchronized List<String> logs() {
        return new ArrayList<>(logs);
    }

    public Future<Void> closed() {
        return closed.future();
    }

    public void close() {
        socket.close();
    }

    void onMessage(JsonObject message) {
        String type = message.getString("type", "");
        if (type.equals("log")) {
            synchronized (this) {
                logs.addLast(message.getString("level", "info") + ": " + message.getString("message", ""));
                while (logs.size() > LOG_LINES_KEPT) {
                    logs.removeFirst();
                }
            }
            return;
        }
        Long id = message.getLong("id");
        Promise<JsonObject> answer = id == null ? null : pending.remove(id);
        if (answer == null) {
            return;
        }
        if (type.equals("result")) {
            answer.tryComplete(message);
        } else {
            answer.tryFail(new PageException(PageException.Reason.ANSWERED_ERROR,
                    "page: " + message.getString("message", "unknown error (" + type + ")")));
        }
    }

    private void lost(String reason) {
        closed.tryComplete();
        List<Promise<JsonObject>> waiting = new ArrayList<>(pending.values());
        pending.clear();
        waiting.forEach(p -> p.tryFail(new PageException(PageException.Reason.LOST, reason)));
    }
}
