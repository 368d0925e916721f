package io.jitfarm.agent.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PageServerTest {

    private static WebSocketConnectOptions page(URI url, String token) {
        return new WebSocketConnectOptions().setHost(url.getHost()).setPort(url.getPort()).setURI("/page?token=" + token);
    }

    @Test
    void thePageIsServedCrossOriginIsolated(Vertx vertx, VertxTestContext test) {
        PageServer.start(vertx, "127.0.0.1", 0).compose(pages -> {
            URI url = pages.pageUrl("t");
            return vertx.createHttpClient().request(HttpMethod.GET, url.getPort(), url.getHost(), "/index.html")
                    .compose(request -> request.send());
        }).onComplete(test.succeeding(response -> test.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.getHeader("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
            assertThat(response.getHeader("Cross-Origin-Embedder-Policy")).isEqualTo("require-corp");
            test.completeNow();
        })));
    }

    @Test
    void aPageWithTheJobsTokenIsConnectedAndAnswersCommands(Vertx vertx, VertxTestContext test) {
        PageServer.start(vertx, "127.0.0.1", 0).onComplete(test.succeeding(pages -> {
            pages.expect("secret", 5000).compose(connection -> {
                assertThat(connection.environment().getInteger("hardwareConcurrency")).isEqualTo(2);
                return connection.call(new JsonObject().put("type", "ping"), 5000);
            }).onComplete(test.succeeding(answer -> test.verify(() -> {
                assertThat(answer.getString("type")).isEqualTo("result");
                test.completeNow();
            })));
            vertx.createWebSocketClient().connect(page(pages.pageUrl("secret"), "secret"))
                    .onComplete(test.succeeding(socket -> {
                        socket.textMessageHandler(text -> {
                            JsonObject command = new JsonObject(text);
                            socket.writeTextMessage(new JsonObject().put("type", "result")
                                    .put("id", command.getLong("id")).encode());
                        });
                        socket.writeTextMessage(new JsonObject().put("type", "hello")
                                .put("env", new JsonObject().put("hardwareConcurrency", 2)).encode());
                    }));
        }));
    }

    @Test
    void aConnectionWithAnUnknownTokenIsRefused(Vertx vertx, VertxTestContext test) {
        PageServer.start(vertx, "127.0.0.1", 0).compose(pages -> {
            pages.expect("secret", 5000);
            return vertx.createWebSocketClient().connect(page(pages.pageUrl("x"), "guess"));
        }).onComplete(test.failing(e -> test.verify(() -> {
            assertThat(e.getMessage()).contains("403");
            test.completeNow();
        })));
    }

    @Test
    void aPageThatGoesAwayFailsItsPendingCommandAtOnce(Vertx vertx, VertxTestContext test) {
        PageServer.start(vertx, "127.0.0.1", 0).onComplete(test.succeeding(pages -> {
            pages.expect("t", 5000).compose(connection -> connection.call(new JsonObject().put("type", "ping"), 60_000))
                    .onComplete(test.failing(e -> test.verify(() -> {
                        assertThat(e.getMessage()).contains("page connection lost");
                        test.completeNow();
                    })));
            vertx.createWebSocketClient().connect(page(pages.pageUrl("t"), "t")).onComplete(test.succeeding(socket -> {
                socket.textMessageHandler(text -> socket.close());   // a browser that dies mid-command
                socket.writeTextMessage(new JsonObject().put("type", "hello").encode());
            }));
        }));
    }
}
