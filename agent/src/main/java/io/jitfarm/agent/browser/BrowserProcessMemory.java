package io.jitfarm.agent.browser;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory of a browser's processes (browser, renderers, GPU, utilities), for the QoE passes
 * (DESIGN section 4). The DevTools protocol lists the processes ({@code SystemInfo.getProcessInfo},
 * only on the browser target, so through the DevTools WebSocket from {@code /json/version}), but its
 * {@code ProcessInfo} has only type, id and CPU time, no memory: the memory is read from
 * {@code /proc}, which works only for a browser on this host. A browser elsewhere (Grid, Appium), or
 * a driver without a DevTools address, gives no figure at all: never 0.
 */
public final class BrowserProcessMemory {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserProcessMemory.class);
    private static final long TIMEOUT_MS = 5_000;
    private static final String BROWSER_TYPE = "browser";

    /** How a process's bytes were counted. */
    public enum Kind {
        /**
         * Proportional set size ({@code /proc/PID/smaps_rollup}): a page shared by n processes counts
         * 1/n in each, so the sum over processes is what the browser really occupies.
         */
        PSS,
        /**
         * Resident set size ({@code /proc/PID/status} VmRSS), where PSS cannot be read: shared pages
         * (libraries, shared memory) count in every process, so the sum overstates.
         */
        RSS
    }

    /**
     * The browser's memory at one moment.
     *
     * @param bytes       sum over its processes
     * @param kind        how each process was counted, the same for all of them
     * @param bytesByType the sum per DevTools process type ({@code browser}, {@code renderer}, {@code GPU}, ...)
     * @param processes   processes counted (one that exited meanwhile is not)
     */
    public record Usage(long bytes, Kind kind, Map<String, Long> bytesByType, int processes) {
        public Usage {
            bytesByType = Map.copyOf(bytesByType);
        }
    }

    private record BrowserProcess(String type, long pid) {
    }

    private final Vertx vertx;
    private final Optional<String> debuggerAddress;

    /**
     * @param debuggerAddress {@code host:port} of the browser's DevTools endpoint, as
     *                        {@link BrowserSession#debuggerAddress()} gives it; empty when the driver has none
     */
    public BrowserProcessMemory(Vertx vertx, Optional<String> debuggerAddress) {
        this.vertx = vertx;
        this.debuggerAddress = debuggerAddress;
    }

    /** For the browser of {@code session}. */
    public static BrowserProcessMemory of(Vertx vertx, BrowserSession session) {
        return new BrowserProcessMemory(vertx, session.debuggerAddress());
    }

    /**
     * The browser's memory now. Never fails: empty when it cannot be measured (no DevTools address,
     * DevTools unreachable, a browser on another host, {@code /proc} unreadable); the reason is logged.
     */
    public Future<Optional<Usage>> measure() {
        if (debuggerAddress.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        String address = debuggerAddress.get();
        return processes(address)
                .compose(processes -> vertx.executeBlocking(() -> readMemory(processes), false))
                .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .otherwise(e -> {
                    LOG.info("browser process memory at {} is not available: {}", address, e.toString());
                    return Optional.empty();
                });
    }

    /** The browser's processes, as its DevTools browser target lists them. */
    private Future<List<BrowserProcess>> processes(String address) {
        HttpClient http = vertx.createHttpClient();
        WebSocketClient webSockets = vertx.createWebSocketClient();
        return http.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setAbsoluteURI("http://" + address + "/json/version").setTimeout(TIMEOUT_MS))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("/json/version answered " + response.statusCode()))
                .map(body -> body.toJsonObject().getString("webSocketDebuggerUrl"))
                // Chromium refuses DevTools WebSockets with an Origin it was not told to allow.
                .compose(url -> webSockets.connect(new WebSocketConnectOptions().setAbsoluteURI(url)
                        .setAllowOriginHeader(false).setTimeout(TIMEOUT_MS)))
                .compose(BrowserProcessMemory::askProcessInfo)
                .map(BrowserProcessMemory::readProcessInfo)
                .eventually(() -> http.close().eventually(webSockets::close));
    }

    private static Future<JsonObject> askProcessInfo(WebSocket socket) {
        Future<JsonObject> answer = Future.future(promise -> {
            socket.textMessageHandler(text -> {
                JsonObject message = new JsonObject(text);
                if (message.getInteger("id", 0) == 1) {
                    promise.tryComplete(message);
                }
            });
            socket.closeHandler(v -> promise.tryFail("DevTools closed the connection"));
        });
        return socket.writeTextMessage(new JsonObject().put("id", 1).put("method", "SystemInfo.getProcessInfo").encode())
                .compose(v -> answer)
                .eventually(socket::close);
    }

    private static List<BrowserProcess> readProcessInfo(JsonObject answer) {
        if (answer.containsKey("error")) {
            throw new IllegalStateException("SystemInfo.getProcessInfo: " + answer.getJsonObject("error").encode());
        }
        List<BrowserProcess> processes = new ArrayList<>();
        for (Object entry : answer.getJsonObject("result").getJsonArray("processInfo", new JsonArray())) {
            JsonObject info = (JsonObject) entry;
            processes.add(new BrowserProcess(info.getString("type"), info.getLong("id")));
        }
        return processes;
    }

    /** Blocking: reads {@code /proc}. */
    private static Optional<Usage> readMemory(List<BrowserProcess> processes) {
        if (!onThisHost(processes)) {
            throw new IllegalStateException("the browser's process ids are not processes of this host");
        }
        return sum(processes, Kind.PSS, pid -> kilobytes(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:"))
                .or(() -> sum(processes, Kind.RSS, pid -> kilobytes(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:")));
    }

    /**
     * True when the process ids name this browser's processes here: the DevTools process ids of a
     * browser elsewhere (another machine, a container) would name unrelated processes, or none.
     * Here the browser process is alive and every other one listed descends from it (renderers
     * through the zygote).
     */
    private static boolean onThisHost(List<BrowserProcess> processes) {
        Optional<Long> browser = processes.stream().filter(p -> p.type().equals(BROWSER_TYPE)).map(BrowserProcess::pid)
                .findFirst();
        if (browser.isEmpty() || ProcessHandle.of(browser.get()).isEmpty()) {
            return false;
        }
        List<ProcessHandle> others = processes.stream().filter(p -> p.pid() != browser.get())
                .flatMap(p -> ProcessHandle.of(p.pid()).stream()).toList();
        return !others.isEmpty() && others.stream().allMatch(p -> descendsFrom(p, browser.get()));
    }

    private static boolean descendsFrom(ProcessHandle process, long ancestor) {
        for (Optional<ProcessHandle> parent = process.parent(); parent.isPresent(); parent = parent.get().parent()) {
            if (parent.get().pid() == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** The processes' sum, or empty if some process that still exists could not be read. */
    private static Optional<Usage> sum(List<BrowserProcess> processes, Kind kind,
                                      Function<Long, OptionalLong> kilobytesOf) {
        Map<String, Long> byType = new TreeMap<>();
        int counted = 0;
        for (BrowserProcess process : processes) {
            OptionalLong kilobytes = kilobytesOf.apply(process.pid());
            if (kilobytes.isPresent()) {
                byType.merge(process.type(), kilobytes.getAsLong() * 1024, Long::sum);
                counted++;
            } else if (ProcessHandle.of(process.pid()).isPresent()) {
                return Optional.empty();
            }
        }
        long bytes = byType.values().stream().mapToLong(Long::longValue).sum();
        return counted == 0 ? Optional.empty() : Optional.of(new Usage(bytes, kind, byType, counted));
    }

    /** The kB figure on the line starting with {@code key}; empty if the file or line cannot be read. */
    private static OptionalLong kilobytes(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
                    .mapToLong(line -> Long.parseLong(line.substring(key.length()).replace("kB", "").trim()))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
