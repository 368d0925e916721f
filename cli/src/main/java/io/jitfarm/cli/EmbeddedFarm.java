package io.jitfarm.cli;

import io.jitfarm.coordinator.CoordinatorOptions;
import io.jitfarm.coordinator.CoordinatorVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded default of {@code jitfarm run}: a coordinator on a free loopback port, with its data in
 * the given directory, living as long as the command.
 */
final class EmbeddedFarm implements AutoCloseable {
    private final Vertx vertx;
    private final URI coordinator;

    private EmbeddedFarm(Vertx vertx, URI coordinator) {
        this.vertx = vertx;
        this.coordinator = coordinator;
    }

    static EmbeddedFarm start(Path dataDir, Path devices) {
        Vertx vertx = Vertx.vertx();
        CoordinatorVerticle verticle = new CoordinatorVerticle();
        CoordinatorOptions options = new CoordinatorOptions(CoordinatorOptions.DEFAULT_HOST, 0, dataDir,
                Optional.of(devices), CoordinatorOptions.DEFAULT_LEASE_MS, CoordinatorOptions.DEFAULT_MAX_ATTEMPTS);
        try {
            vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(options.toConfig()))
                    .toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            vertx.close();
            throw new IllegalStateException("cannot start the embedded coordinator: "
                    + CoordinatorCommand.rootMessage(e), e);
        }
        return new EmbeddedFarm(vertx, URI.create("http://" + options.host() + ":" + verticle.port()));
    }

    URI coordinator() {
        return coordinator;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
