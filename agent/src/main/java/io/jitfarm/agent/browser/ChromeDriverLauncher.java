package io.jitfarm.agent.browser;

import io.jitfarm.common.device.Device;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Chromium through Debian's ChromeDriver. Tools may not download browsers or drivers here, so
 * both executables are named explicitly (which also keeps Selenium Manager out of the way).
 */
final class ChromeDriverLauncher implements BrowserLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ChromeDriverLauncher.class);
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /**
     * Flags every session needs on a machine without network or display: no first-run UI, no
     * background traffic the closed network refuses, no QUIC. DESIGN section 7.
     */
    private static final List<String> REQUIRED_FLAGS = List.of("--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic", "--no-default-browser-check");
    private static final String BLINK_FEATURES = "--enable-blink-features=";
    /**
     * Lets the page's {@code performance.measureUserAgentSpecificMemory()} answer in tens of
     * milliseconds instead of ~10 s (it otherwise waits for a garbage collection to happen).
     */
    static final String EAGER_MEASURE_MEMORY = "ForceEagerMeasureMemory";

    /**
     * Chromium puts a Unix socket in TMPDIR ({@code org.chromium.Chromium.XXXXXX/SingletonSocket}, 45
     * characters), and socket paths are limited to 107 bytes: a TMPDIR longer than this cannot work.
     */
    static final int MAX_TMPDIR_LENGTH = 60;

    @Override
    public BrowserSession launch(Device device, Path sessionDir) {
        Path profile = sessionDir.resolve("profile");
        Path tmp = sessionDir.resolve("tmp");
        try {
            Files.createDirectories(profile);
            if (tmp.toAbsolutePath().toString().length() > MAX_TMPDIR_LENGTH) {
                Path shortTmp = Files.createTempDirectory("jitfarm-");
                LOG.warn("{} is too deep for Chromium's sockets; using {} as TMPDIR", tmp, shortTmp);
                Files.createSymbolicLink(tmp, shortTmp);   // removed with the session folder, target too
            } else {
                Files.createDirectories(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path driverLog = sessionDir.resolve("chromedriver.log");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogFile(driverLog.toFile())
                // chromedriver and Chromium leave a folder in TMPDIR per session: keep them in ours
                .withEnvironment(Map.of("TMPDIR", realPath(tmp)))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(device.binary());
        options.addArguments(flags(device, profile));
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            return new ChromeDriverSession(driver, service, profile, sessionDir, driverLog);
        } catch (RuntimeException e) {
            List<String> fatal = ChromeDriverSession.fatalLines(driverLog);
            service.stop();
            ChromeDriverSession.killProcessesUsing(profile);
            ChromeDriverSession.deleteTree(sessionDir);
            throw new IllegalStateException(firstLine(e.getMessage())
                    + (fatal.isEmpty() ? "" : " [chromedriver log: " + String.join(" | ", fatal) + "]"), e);
        }
    }

    static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static String realPath(Path path) {
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> flags(Device device, Path profile) {
        Set<String> flags = new LinkedHashSet<>(withBlinkFeature(device.args(), EAGER_MEASURE_MEMORY));
        flags.addAll(REQUIRED_FLAGS);
        if (device.args().stream().noneMatch(a -> a.startsWith("--headless"))) {
            flags.add("--headless=new");
        }
        if ("root".equals(System.getProperty("user.name"))) {
            flags.add("--no-sandbox"); // Chromium refuses to run as root with its sandbox
        }
        flags.add("--user-data-dir=" + profile.toAbsolutePath());
        return new ArrayList<>(flags);
    }

    /**
     * {@code args} enabling {@code feature} too. Chromium reads only the last
     * {@code --enable-blink-features}, so a device's own list is extended rather than followed by another one.
     */
    static List<String> withBlinkFeature(List<String> args, String feature) {
        List<String> result = new ArrayList<>(args);
        for (int i = result.size() - 1; i >= 0; i--) {
            if (result.get(i).startsWith(BLINK_FEATURES)) {
                result.set(i, result.get(i) + "," + feature);
                return result;
            }
        }
        result.add(BLINK_FEATURES + feature);
        return result;
    }
}
