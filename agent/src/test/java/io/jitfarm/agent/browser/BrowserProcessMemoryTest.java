package io.jitfarm.agent.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.common.device.Device;
import io.jitfarm.common.device.DriverKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class BrowserProcessMemoryTest {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserProcessMemoryTest.class);
    private static final long MB = 1 << 20;

    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void closeVertx() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aLocalChromiumsProcessesAreListedThroughDevToolsAndTheirMemorySummed() throws Exception {
        Device device = new Device("local-chromium", DriverKind.CHROMEDRIVER, "chromium", "/usr/bin/chromium",
                List.of("--headless=new"), null, Map.of(), Map.of());
        try (BrowserSession browser = new ChromeDriverLauncher().launch(device, dir.resolve("session"))) {
            browser.open(URI.create("data:text/html,memory"));
            assertThat(browser.debuggerAddress()).isPresent();

            BrowserProcessMemory.Usage usage = await(BrowserProcessMemory.of(vertx, browser).measure()).orElseThrow();
            LOG.info("headless Chromium on a data: page: {}", usage);

            assertThat(usage.kind()).isEqualTo(BrowserProcessMemory.Kind.PSS);
            assertThat(usage.bytesByType()).containsKeys("browser", "renderer");
            assertThat(usage.processes()).isGreaterThanOrEqualTo(3);
            assertThat(usage.bytes()).isEqualTo(usage.bytesByType().values().stream().mapToLong(Long::longValue).sum())
                    .isBetween(50 * MB, 8192 * MB);
        }
    }

    @Test
    void aDriverWithoutDevToolsHasNoFigure() throws Exception {
        assertThat(await(new BrowserProcessMemory(vertx, Optional.empty()).measure())).isEmpty();
    }

    @Test
    void aDevToolsAddressWithNothingBehindItHasNoFigure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(await(new BrowserProcessMemory(vertx, Optional.of("127.0.0.1:" + port)).measure())).isEmpty();
    }

    @Test
    void processesOfThisHostAreReadWhateverTheBrowser() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            String address = fakeDevTools(processInfo(ProcessHandle.current().pid(), child.pid()));
            BrowserProcessMemory.Usage usage = await(new BrowserProcessMemory(vertx, Optional.of(address)).measure())
                    .orElseThrow();
            assertThat(usage.processes()).isEqualTo(2);
            assertThat(usage.bytesByType().get("browser")).isGreaterThan(10 * MB); // this JVM
            assertThat(usage.bytesByType().get("renderer")).isPositive();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void processIdsThatAreNotOneBrowserHereHaveNoFigure() throws Exception {
        // a remote browser's ids name unrelated processes here: pid 1 does not descend from this JVM
        String address = fakeDevTools(processInfo(ProcessHandle.current().pid(), 1));
        assertThat(await(new BrowserProcessMemory(vertx, Optional.of(address)).measure())).isEmpty();
    }

    @Test
    void aDevToolsErrorHasNoFigure() throws Exception {
        String address = fakeDevTools(new JsonObject().put("error", new JsonObject().put("code", -32601)
                .put("message", "'SystemInfo.getProcessInfo' wasn't found")));
        assertThat(await(new BrowserProcessMemory(vertx, Optional.of(address)).measure())).isEmpty();
    }

    private static JsonObject processInfo(long browserPid, long rendererPid) {
        return new JsonObject().put("result", new JsonObject().put("processInfo", new JsonArray()
                .add(new JsonObject().put("type", "browser").put("id", browserPid).put("cpuTime", 1.0))
                .add(new JsonObject().put("type", "renderer").put("id", rendererPid).put("cpuTime", 0.1))));
    }

    /** A DevTools endpoint that answers every command with {@code answer} (and the command's id). */
    private String fakeDevTools(JsonObject answer) throws Exception {
        HttpServer server = vertx.createHttpServer()
                .webSocketHandler(socket -> socket.textMessageHandler(text -> socket.writeTextMessage(
                        answer.copy().put("id", new JsonObject(text).getInteger("id")).encode())))
                .requestHandler(request -> request.response().end(new JsonObject().put("webSocketDebuggerUrl",
                        "ws://127.0.0.1:" + request.localAddress().port() + "/devtools/browser/fake").encode()));
        return "127.0.0.1:" + await(server.listen(0, "127.0.0.1")).actualPort();
    }
}
