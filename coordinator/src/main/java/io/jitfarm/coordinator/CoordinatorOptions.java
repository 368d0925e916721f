package io.jitfarm.coordinator;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The coordinator's settings. The keys below are the only names read from a verticle config, and
 * {@link #fromConfig} is the only place that reads them.
 *
 * @param devicesFile an inventory of devices experiments may name before their agents connect
 * @param influx      the InfluxDB (1.x HTTP API) that receives metrics; none keeps results in the data directory only
 */
public record CoordinatorOptions(String host, int port, Path dataDir, Optional<Path> devicesFile, long leaseMs,
                                 int maxAttempts, Optional<URI> influx) {
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String DATA_DIR = "data-dir";
    public static final String DEVICES_FILE = "devices";
    public static final String LEASE_MS = "lease-ms";
    public static final String MAX_ATTEMPTS = "max-attempts";
    public static final String INFLUX = "influx";

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8420;
    public static final String DEFAULT_DATA_DIR = ".jitfarm";
    public static final long DEFAULT_LEASE_MS = 30_000;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The folder under the data directory where metrics wait while InfluxDB does not take them. */
    public static final String INFLUX_SPOOL_DIR = "influx-spool";

    public static CoordinatorOptions fromConfig(JsonObject config) {
        return new CoordinatorOptions(
                config.getString(HOST, DEFAULT_HOST),
                config.getInteger(PORT, DEFAULT_PORT),
                Path.of(config.getString(DATA_DIR, DEFAULT_DATA_DIR)),
                Optional.ofNullable(config.getString(DEVICES_FILE)).map(Path::of),
                config.getLong(LEASE_MS, DEFAULT_LEASE_MS),
                config.getInteger(MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS),
                Optional.ofNullable(config.getString(INFLUX)).map(URI::create));
    }

    public Path influxSpoolDir() {
        return dataDir.resolve(INFLUX_SPOOL_DIR);
    }

    public JsonObject toConfig() {
        JsonObject config = new JsonObject().put(HOST, host).put(PORT, port).put(DATA_DIR, dataDir.toString())
                .put(LEASE_MS, leaseMs).put(MAX_ATTEMPTS, maxAttempts);
        devicesFile.ifPresent(file -> config.put(DEVICES_FILE, file.toString()));
        influx.ifPresent(url -> config.put(INFLUX, url.toString()));
        return config;
    }
}
