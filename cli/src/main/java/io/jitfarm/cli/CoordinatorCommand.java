package io.jitfarm.cli;

import io.jitfarm.coordinator.CoordinatorOptions;
import io.jitfarm.coordinator.CoordinatorVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
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

    @Override
    public Integer call() throws InterruptedException {
        CoordinatorOptions options = new CoordinatorOptions(host, port, dataDir, Optional.ofNullable(devices), leaseMs,
                maxAttempts);
        Vertx vertx = Vertx.vertx();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            stopped.countDown();
        }, "jitfarm-shutdown"));
        try {
            vertx.deployVerticle(new CoordinatorVerticle(), new DeploymentOptions().setConfig(options.toConfig()))
                    .toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            err().println("jitfarm coordinator: cannot start: " + rootMessage(e));
            vertx.close();
            return 1;
        }
        stopped.await();
        return 0;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
