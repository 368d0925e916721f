package io.jitfarm.agent.job;

import io.jitfarm.agent.AgentOptions;
import io.jitfarm.agent.browser.BrowserLauncher;
import io.jitfarm.agent.browser.BrowserProcessMemory;
import io.jitfarm.agent.browser.BrowserSession;
import io.jitfarm.agent.page.PageConnection;
import io.jitfarm.agent.page.PageServer;
import io.jitfarm.common.device.Device;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser with the harness page loaded in it, for one job. The page can be loaded again (a new
 * token each time) when a measurement hangs in it; the browser is closed, or killed, at the end.
 * Blocking driver calls run on the browser worker pool, never on the event loop.
 */
final class PageSession {
    private static final Logger LOG = LoggerFactory.getLogger(PageSession.class);

    private final WorkerExecutor browsers;
    private final AgentOptions options;
    private final PageServer pages;
    private final BrowserLauncher launcher;
    private final Device device;
    private final Path sessionDir;
    private volatile String abandoned;
    private volatile BrowserSession browser;
    private volatile PageConnection page;
    private String token;

    PageSession(WorkerExecutor browsers, AgentOptions options, PageServer pages, BrowserLauncher launcher,
                Device device) {
        this.browsers = browsers;
        this.options = options;
        this.pages = pages;
        this.launcher = launcher;
        this.device = device;
        // short: Chromium's socket paths under it are limited to 107 bytes
        this.sessionDir = options.workDir().resolve("sessions").resolve(UUID.randomUUID().toString().substring(0, 8));
    }

    Future<Void> open() {
        return blocking(() -> {
            BrowserSession opened = launcher.launch(device, sessionDir);
            if (abandoned != null) {   // gave up waiting (timeout or cancel) while it started
                opened.close();
                throw new IllegalStateException(abandoned);
            }
            browser = opened;
            return null;
        }, options.browserStartMs(), "starting the browser").compose(v -> load());
    }

    /** Loads the page (again), waiting for it to connect back and say hello. */
    Future<Void> load() {
        if (page != null) {
            page.close();
        }
        if (token != null) {
            pages.forget(token);
        }
        token = UUID.randomUUID().toString();
        Future<PageConnection> connected = pages.expect(token, options.pageLoadMs());
        String url = pages.pageUrl(token).toString();
        return blocking(() -> {
            browser.open(java.net.URI.create(url));
            return null;
        }, options.pageLoadMs(), "loading the harness page")
                .compose(v -> connected)
                .map(connection -> {
                    page = connection;
                    return null;
                });
    }

    JsonObject environment() {
        return page.environment();
    }

    String describeBrowser() {
        return browser.describe();
    }

    Future<JsonObject> call(JsonObject command, long timeoutMs) {
        return page.call(command, timeoutMs);
    }

    /** Whatever the page and driver said, for a failure report. */
    List<String> logs() {
        List<String> log = new ArrayList<>();
        if (page != null) {
            log.add("--- page console");
            log.addAll(page.logs());
        }
        BrowserSession open = browser;
        if (open != null) {
            log.add("--- chromedriver log (last lines)");
            log.addAll(open.driverLog());
        }
        return log;
    }

    /** Stops at once: the page is disconnected (failing what runs in it) and the browser closed. */
    void abandon(String reason) {
        abandoned = reason;
        if (page != null) {
            page.close();
        }
        close();
    }

    /** The browser's process memory, as far as its driver lets us see it (empty where it does not). */
    Future<Optional<Long>> browserProcessBytes(Vertx vertx) {
        BrowserSession session = browser;
        if (session == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return BrowserProcessMemory.of(vertx, session).measure().map(usage -> usage.map(BrowserProcessMemory.Usage::bytes));
    }

    Future<Void> close() {
        if (token != null) {
            pages.forget(token);
        }
        BrowserSession open = browser;
        browser = null;
        return open == null ? Future.succeededFuture() : browsers.executeBlocking(() -> {
            open.close();
            return null;
        }, false).mapEmpty();
    }

    private <T> Future<T> blocking(Supplier<T> work, long timeoutMs, String step) {
        return browsers.<T>executeBlocking(work::get, false)
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .recover(e -> {
                    if (e instanceof TimeoutException) {
                        LOG.warn("{} took longer than {} ms", step, timeoutMs);
                        abandon(step + " took longer than " + timeoutMs + " ms");
                    }
                    return Future.failedFuture(new IllegalStateException(step + " failed: " + e.getMessage(), e));
                });
    }
}
