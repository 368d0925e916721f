package io.jitfarm.cli;

import io.jitfarm.agent.AgentOptions;
import io.jitfarm.agent.AgentVerticle;
import io.jitfarm.coordinator.CoordinatorOptions;
import io.jitfarm.coordinator.CoordinatorVerticle;
import io.jitfarm.coordinator.metrics.InfluxServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded default of {@code jitfarm run}, everything on 127.0.0.1 and living as long as the
 * command: a private influxd (unless one is given), a coordinator on a free port with its data in
 * {@code dataDir}, and one agent for the devices of the inventory, its files under {@code dataDir/agent}.
 */
final class EmbeddedFarm implements AutoCloseable {
    public static final String AGENT_ID = "embedded-agent";

    private final Vertx vertx;
    private final Optional<InfluxServer> ownInflux;
    private final URI coordinator;
    private final URI influx;

    private EmbeddedFarm(Vertx vertx, Optional<InfluxServer> ownInflux, URI coordinator, URI influx) {
        this.vertx = vertx;
        this.ownInflux = ownInflux;
        this.coordinator = coordinator;
        this.influx = influx;
    }

    static EmbeddedFarm start(Path dataDir, Path devices, Optional<URI> givenInflux) {
        Optional<InfluxServer> ownInflux = givenInflux.isPresent() ? Optional.empty() : Optional.of(startInflux(dataDir));
        URI influx = givenInflux.orElseGet(() -> ownInflux.orElseThrow().url());
        Vertx vertx = Vertx.vertx();
        try {
            CoordinatorVerticle coordinator = new CoordinatorVerticle();
            deploy(vertx, coordinator, new CoordinatorOptions(CoordinatorOptions.DEFAULT_HOST, 0, dataDir,
                    Optional.of(devices), CoordinatorOptions.DEFAULT_LEASE_MS, CoordinatorOptions.DEFAULT_MAX_ATTEMPTS,
                    Optional.of(influx)).toConfig());
            URI coordinatorUrl = URI.create("http://" + CoordinatorOptions.DEFAULT_HOST + ":" + coordinator.port());
            deploy(vertx, new AgentVerticle(), AgentOptions.fromConfig(new JsonObject()
                    .put(AgentOptions.AGENT_ID, AGENT_ID)
                    .put(AgentOptions.COORDINATOR, coordinatorUrl.toString())
                    .put(AgentOptions.DEVICES, devices.toString())
                    .put(AgentOptions.WORK_DIR, dataDir.resolve("agent").toString())).toConfig());
            return new EmbeddedFarm(vertx, ownInflux, coordinatorUrl, influx);
        } catch (RuntimeException e) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            ownInflux.ifPresent(InfluxServer::close);
            throw new IllegalStateException("cannot start the embedded default: " + Subcommand.rootMessage(e), e);
        }
    }

    private static InfluxServer startInflux(Path dataDir) {
        try {
            return InfluxServer.start(dataDir.resolve("influxdb"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start influxd: " + e.getMessage(), e);
        }
    }

    private static void deploy(Vertx vertx, Deployable verticle, JsonObject config) {
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config))
                .toCompletionStage().toCompletableFuture().join();
    }

    URI coordinator() {
        return coordinator;
    }

    URI influx() {
        return influx;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        ownInflux.ifPresent(InfluxServer::close);
    }
}
