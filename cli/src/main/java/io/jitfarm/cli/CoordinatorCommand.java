package io.jitfarm.cli;

import io.jitfarm.coordinator.CoordinatorOptions;
import io.jitfarm.coordinator.CoordinatorVerticle;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Serve the coordinator: REST API under /api and the agents' WebSocket at /agents.")
final class CoordinatorCommand extends Subcommand {

    @Option(names = "--host", defaultValue = CoordinatorOptions.DEFAULT_HOST, description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + CoordinatorOptions.DEFAULT_PORT, description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data-dir", defaultValue = CoordinatorOptions.DEFAULT_DATA_DIR, description = "Where runs, jobs and results are kept (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--devices", paramLabel = "FILE", description = "Device inventory experiments may name before agents connect.")
    Path devices;

    @Option(names = "--lease-ms", defaultValue = "" + CoordinatorOptions.DEFAULT_LEASE_MS, description = "How long a job stays leased without a sign of life (default: ${DEFAULT-VALUE}).")
    long leaseMs;

    @Option(names = "--max-attempts", defaultValue = "" + CoordinatorOptions.DEFAULT_MAX_ATTEMPTS, description = "Attempts per job before it fails (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--influx", paramLabel = "URL", description = "InfluxDB 1.x to write metrics to, e.g. http://127.0.0.1:8086 (database jitfarm).")
    URI influx;

    @Override
    public Integer call() throws InterruptedException {
        CoordinatorOptions options = new CoordinatorOptions(host, port, dataDir, Optional.ofNullable(devices), leaseMs,
                maxAttempts, Optional.ofNullable(influx));
        return serveUntilShutdown(new CoordinatorVerticle(), options.toConfig(), "coordinator",
                "coordinator serving http://" + host + ":" + port + " (data in " + dataDir + "); Ctrl-C to stop");
    }

}
