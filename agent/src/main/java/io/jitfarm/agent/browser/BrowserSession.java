package io.jitfarm.agent.browser;

import java.net.URI;
import java.util.List;

/** One browser opened for one job. Blocking calls: run them off the event loop. */
public interface BrowserSession extends AutoCloseable {

    /** Navigates to {@code url}; returns once the driver says the navigation started. */
    void open(URI url);

    /** Browser name and version as the driver reports them. */
    String describe();

    /** The end of the driver's own log, for failure reports. */
    List<String> driverLog();

    /** Ends the session, killing the browser if it does not quit in time; also removes its files. */
    @Override
    void close();
}
