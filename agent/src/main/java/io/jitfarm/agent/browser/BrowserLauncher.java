package io.jitfarm.agent.browser;

import io.jitfarm.common.device.Device;
import io.jitfarm.common.device.DriverKind;
import java.nio.file.Path;
import java.util.Optional;

/** Opens browser sessions for the devices of one driver kind. */
public interface BrowserLauncher {

    /** Starts a browser for {@code device}, keeping its profile and temporary files under {@code sessionDir}. */
    BrowserSession launch(Device device, Path sessionDir);

    /** The launcher for a driver kind, if this agent implements it. */
    static Optional<BrowserLauncher> forDriver(DriverKind driver) {
        return driver == DriverKind.CHROMEDRIVER ? Optional.of(new ChromeDriverLauncher()) : Optional.empty();
    }
}
