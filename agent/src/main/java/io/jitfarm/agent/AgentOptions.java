package io.jitfarm.agent;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;

/**
 * The agent's settings. The keys below are the only names read from a verticle config, and
 * {@link #fromConfig} is the only place that reads them.
 *
 * @param workDir          spool of unacknowledged results, browser profiles and TMPDIR live here
 * @param pageHost         address the harness page is served on (the browser must reach it)
 * @param browserStartMs   longest wait for a browser session
 * @param pageLoadMs       longest wait for the page to connect back after navigation
 * @param measurementMs    longest wait for one measurement in the page
 * @param jobMs            longest a whole job may take
 */
public record AgentOptions(String agentId, URI coordinator, Path devicesFile, Path workDir, String pageHost,
                           int pagePort, long browserStartMs, long pageLoadMs, long measurementMs, long jobMs,
                           long reconnectMinMs, long reconnectMaxMs) {
    public static final String AGENT_ID = "agent-id";
    public static final String COORDINATOR = "coordinator";
    public static final String DEVICES = "devices";
    public static final String WORK_DIR = "work-dir";
    public static final String PAGE_HOST = "page-host";
    public static final String PAGE_PORT = "page-port";
    public static final String BROWSER_START_MS = "browser-start-ms";
    public static final String PAGE_LOAD_MS = "page-load-ms";
    public static final String MEASUREMENT_MS = "measurement-ms";
    public static final String JOB_MS = "job-ms";
    public static final String RECONNECT_MIN_MS = "reconnect-min-ms";
    public static final String RECONNECT_MAX_MS = "reconnect-max-ms";

    public static final String DEFAULT_WORK_DIR = ".jitfarm/agent";

    public static AgentOptions fromConfig(JsonObject config) {
        return new AgentOptions(
                config.getString(AGENT_ID, defaultAgentId()),
                URI.create(config.getString(COORDINATOR, "http://127.0.0.1:8420")),
                Path.of(config.getString(DEVICES, "devices.yaml")),
                Path.of(config.getString(WORK_DIR, DEFAULT_WORK_DIR)),
                config.getString(PAGE_HOST, "127.0.0.1"),
                config.getInteger(PAGE_PORT, 0),
                config.getLong(BROWSER_START_MS, 60_000L),
                config.getLong(PAGE_LOAD_MS, 30_000L),
                config.getLong(MEASUREMENT_MS, 120_000L),
                config.getLong(JOB_MS, 30 * 60_000L),
                config.getLong(RECONNECT_MIN_MS, 250L),
                config.getLong(RECONNECT_MAX_MS, 10_000L));
    }

    public JsonObject toConfig() {
        return new JsonObject().put(AGENT_ID, agentId).put(COORDINATOR, coordinator.toString())
                .put(DEVICES, devicesFile.toString()).put(WORK_DIR, workDir.toString()).put(PAGE_HOST, pageHost)
                .put(PAGE_PORT, pagePort).put(BROWSER_START_MS, browserStartMs).put(PAGE_LOAD_MS, pageLoadMs)
                .put(MEASUREMENT_MS, measurementMs).put(JOB_MS, jobMs).put(RECONNECT_MIN_MS, reconnectMinMs)
                .put(RECONNECT_MAX_MS, reconnectMaxMs);
    }

    /** One agent per machine by default, named after it. */
    public static String defaultAgentId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "local";
            }
        }
        return "agent-" + host.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    public AgentOptions withCoordinator(URI url) {
        return fromConfig(toConfig().put(COORDINATOR, url.toString()));
    }
}
