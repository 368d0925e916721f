package io.jitfarm.agent.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openqa.selenium.Capabilities;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Chromium session; its processes are found by their profile folder, so a hung one can be killed. */
final class ChromeDriverSession implements BrowserSession {
    private static final Logger LOG = LoggerFactory.getLogger(ChromeDriverSession.class);
    private static final long QUIT_TIMEOUT_MS = 10_000;
    private static final int LOG_LINES = 40;

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final Path sessionDir;
    private final Path driverLog;

    ChromeDriverSession(ChromeDriver driver, ChromeDriverService service, Path profile, Path sessionDir,
                        Path driverLog) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.sessionDir = sessionDir;
        this.driverLog = driverLog;
    }

    @Override
    public void open(URI url) {
        driver.get(url.toString());
    }

    @Override
    public String describe() {
        Capabilities caps = driver.getCapabilities();
        return caps.getBrowserName() + " " + caps.getBrowserVersion();
    }

    @Override
    public Optional<String> debuggerAddress() {
        return driver.getCapabilities().getCapability("goog:chromeOptions") instanceof Map<?, ?> options
                && options.get("debuggerAddress") instanceof String address && !address.isBlank()
                ? Optional.of(address) : Optional.empty();
    }

    @Override
    public List<String> driverLog() {
        try (Stream<String> lines = Files.lines(driverLog)) {
            List<String> all = lines.toList();
            return all.subList(Math.max(0, all.size() - LOG_LINES), all.size());
        } catch (IOException | RuntimeException e) {
            return List.of("(no chromedriver log: " + e.getMessage() + ")");
        }
    }

    /** The log lines that say why a browser died (Chromium's FATAL lines). */
    static List<String> fatalLines(Path driverLog) {
        try (Stream<String> lines = Files.lines(driverLog)) {
            return lines.filter(l -> l.contains(":FATAL:")).limit(5).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        try {
            CompletableFuture.runAsync(driver::quit).get(QUIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("browser did not quit cleanly ({}); killing it", e.toString());
        } finally {
            service.stop();
            killProcessesUsing(profile);
            deleteTree(sessionDir);
        }
    }

    /** Kills every process started with this profile folder: the browser and all its children. */
    static void killProcessesUsing(Path profile) {
        String marker = "--user-data-dir=" + profile.toAbsolutePath();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** Removes the session folder, and the folder its {@code tmp} link points to when TMPDIR had to live elsewhere. */
    static void deleteTree(Path dir) {
        Path tmp = dir.resolve("tmp");
        if (Files.isSymbolicLink(tmp)) {
            try {
                deleteTree(tmp.toRealPath());
            } catch (IOException e) {
                LOG.warn("could not resolve {}: {}", tmp, e.toString());
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove {}: {}", dir, e.toString());
        }
    }
}
