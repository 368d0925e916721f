package io.jitfarm.common.device;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How an agent opens a browser on a device. */
public enum DriverKind {
    /** A local ChromeDriver driving a Chromium binary on the agent's machine. */
    CHROMEDRIVER,
    /** A Selenium Grid at a URL. */
    GRID,
    /** An Appium server at a URL (phones). */
    APPIUM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(DriverKind::wireName).toList();
    }

    public static DriverKind fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
