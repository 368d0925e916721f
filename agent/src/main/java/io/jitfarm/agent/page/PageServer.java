package io.jitfarm.agent.page;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the harness page and takes its connection back. Every response carries COOP/COEP, so the
 * page is cross-origin isolated (SharedArrayBuffer for threads, 5 µs timers). A page connects to
 * {@code /page?token=T}; only a token the agent issued for a running job is accepted, once.
 */
public final class PageServer {
    /** Where the harness-page module puts the page on the classpath. */
    public static final String WEB_ROOT = "jitfarm/harness";
    private static final Logger LOG = LoggerFactory.getLogger(PageServer.class);

    private final Vertx vertx;
    private final Map<String, Promise<PageConnection>> expected = new ConcurrentHashMap<>();
    private HttpServer server;
    private String host;

    private PageServer(Vertx vertx) {
        this.vertx = vertx;
    }

    public static Future<PageServer> start(Vertx vertx, String host, int port) {
        PageServer pages = new PageServer(vertx);
        Router router = Router.router(vertx);
        router.route().handler(PageServer::isolate);
        router.route("/page").handler(pages::connect);
        router.route("/*").handler(StaticHandler.create(WEB_ROOT).setCachingEnabled(false)
                .setDirectoryListing(false));
        return vertx.createHttpServer().requestHandler(router).listen(port, host).map(server -> {
            pages.server = server;
            pages.host = host;
            LOG.info("harness page served at http://{}:{}/", host, server.actualPort());
            return pages;
        });
    }

    private static void isolate(RoutingContext ctx) {
        ctx.response()
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Embedder-Policy", "require-corp")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin");
        ctx.next();
    }

    public URI pageUrl(String token) {
        return URI.create("http://" + host + ":" + server.actualPort() + "/index.html?token=" + token);
    }

    /** Accepts one page connection for {@code token}; completes once the page has said hello. */
    public Future<PageConnection> expect(String token, long timeoutMs) {
        Promise<PageConnection> connection = Promise.promise();
        expected.put(token, connection);
        long timer = vertx.setTimer(timeoutMs, t -> {
            if (expected.remove(token, connection)) {
                connection.tryFail("the page did not connect within " + timeoutMs + " ms");
            }
        });
        return connection.future().andThen(done -> vertx.cancelTimer(timer));
    }

    public void forget(String token) {
        Promise<PageConnection> waiting = expected.remove(token);
        if (waiting != null) {
            waiting.tryFail("job ended");
        }
    }

    private void connect(RoutingContext ctx) {
        String token = ctx.request().getParam("token", "");
        Promise<PageConnection> waiting = expected.remove(token);
        if (waiting == null) {
            LOG.warn("refused a page connection with an unknown token");
            ctx.response().setStatusCode(403).end("unknown token");
            return;
        }
        ctx.request().toWebSocket().onFailure(waiting::tryFail).onSuccess(socket -> serve(socket, waiting));
    }

    private void serve(ServerWebSocket socket, Promise<PageConnection> waiting) {
        PageConnection[] connection = {null};
        socket.textMessageHandler(text -> {
            JsonObject message;
            try {
                message = new JsonObject(text);
            } catch (RuntimeException e) {
                LOG.warn("unreadable message from the page: {}", text);
                return;
            }
            if (connection[0] != null) {
                connection[0].onMessage(message);
            } else if ("hello".equals(message.getString("type"))) {
                connection[0] = new PageConnection(vertx, socket, message.getJsonObject("env", new JsonObject()));
                waiting.tryComplete(connection[0]);
            }
        });
        socket.closeHandler(v -> waiting.tryFail("the page closed its connection before saying hello"));
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
