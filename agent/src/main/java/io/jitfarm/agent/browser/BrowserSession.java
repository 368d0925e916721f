package io.jitfarm.agent.browser;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** One browser opened for one job. Blocking calls: run them off the event loop. */
public interface BrowserSession extends AutoCloseable {

    /** Navigates to {@code url}; returns once the driver says the navigation started. */
    void open(URI url);

    /** Browser name and version as the driver reports them. */
    String describe();

    /**
     * {@code host:port} of the browser's DevTools endpoint, where the driver reports one (Chromium's
     * {@code goog:chromeOptions.debuggerAddress}), for {@link BrowserProcessMemory}.
     */
    default Optional<String> debuggerAddress() {
        return Optional.empty();
    }

    /** The end of the driver's own log, for failure reports. */
    List<String> driverLog();

    /** Ends the session, killing the browser if it does not quit in time; also removes its files. */
    @Override
    void close();
}
