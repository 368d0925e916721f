package io.jitfarm.coordinator.metrics;

import java.nio.file.Path;

/**
 * The configuration file of a private influxd (1.6 format): all its files under one folder, every
 * listener it opens on 127.0.0.1, nothing sent anywhere.
 */
final class InfluxConfig {
    static final String FILE_NAME = "influxdb.conf";

    private InfluxConfig() {
    }

    /**
     * Upstream 1.6 reads {@code reporting-disabled}, Debian's build reads {@code reporting-enabled}
     * instead and ignores unknown keys: both are written so that no build phones home. The graphite,
     * collectd, opentsdb and udp listeners are off by default, and stay off explicitly here so a changed
     * default cannot open a port on every interface.
     */
    static String render(Path dir, int httpPort, int rpcPort) {
        return """
                reporting-disabled = true
                reporting-enabled = false
                bind-address = "127.0.0.1:%2$d"

                [meta]
                  dir = "%3$s"

                [data]
                  dir = "%4$s"
                  wal-dir = "%5$s"
                  query-log-enabled = false

                [http]
                  bind-address = "127.0.0.1:%1$d"
                  log-enabled = false

                [monitor]
                  store-enabled = false

                [[graphite]]
                  enabled = false

                [[collectd]]
                  enabled = false

                [[opentsdb]]
                  enabled = false

                [[udp]]
                  enabled = false
                """.formatted(httpPort, rpcPort, tomlPath(dir.resolve("meta")), tomlPath(dir.resolve("data")),
                tomlPath(dir.resolve("wal")));
    }

    /** A TOML basic string takes backslash escapes, so backslashes and quotes must be escaped. */
    private static String tomlPath(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
