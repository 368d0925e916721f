package io.jitfarm.coordinator;

import io.jitfarm.common.config.ConfigException;
import io.jitfarm.common.device.Device;
import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.common.device.DeviceInventory;
import io.jitfarm.coordinator.http.AgentConnections;
import io.jitfarm.coordinator.http.AgentEndpoint;
import io.jitfarm.coordinator.http.RestApi;
import io.jitfarm.coordinator.metrics.FarmPoints;
import io.jitfarm.coordinator.metrics.InfluxServer;
import io.jitfarm.coordinator.metrics.MetricsWriter;
import io.jitfarm.coordinator.regression.RegressionCheck;
import io.jitfarm.coordinator.results.ResultPublisher;
import io.jitfarm.coordinator.scheduler.Scheduler;
import io.jitfarm.coordinator.store.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: its store, scheduler, REST API and agent WebSocket on one HTTP server. Deploy one
 * instance; its context serializes every scheduler call.
 */
public final class CoordinatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorVerticle.class);
    /** Results carry latency samples; allow large messages. */
    private static final int MAX_MESSAGE_BYTES = 16 << 20;

    private Store store;
    private Optional<MetricsWriter> metrics = Optional.empty();
    private HttpServer server;
    private long expiryTimer;

    @Override
    public Future<?> start() {
        CoordinatorOptions options = CoordinatorOptions.fromConfig(config());
        return vertx.executeBlocking(() -> {
            List<DeviceDescriptor> inventory = options.devicesFile().isPresent()
                    ? loadInventory(options) : List.of();
            store = Store.open(options.dataDir());
            metrics = options.influx().map(url -> MetricsWriter.connect(url, InfluxServer.DATABASE,
                    options.influxSpoolDir()));
            metrics.ifPresent(writer -> store.listen(new FarmPoints(writer)));
            return inventory;
        }).compose(inventory -> {
            DeviceCatalog catalog = new DeviceCatalog(inventory, store);
            store.listen(new RegressionCheck(store, catalog, metrics));
            ResultPublisher publisher = new ResultPublisher(store, options.dataDir(), catalog, metrics);
            Scheduler scheduler = new Scheduler(store, System::currentTimeMillis, options.leaseMs(),
                    options.maxAttempts(), publisher::jobSucceeded);
            AgentConnections connections = new AgentConnections();
            SchedulerQueue queue = new SchedulerQueue(vertx, connections);
            Router router = Router.router(vertx);
            router.route(AgentEndpoint.PATH).handler(new AgentEndpoint(scheduler, queue, connections)::handle);
            new RestApi(store, scheduler, queue, catalog, connections, metrics).mount(router);
            long tick = Math.max(50, Math.min(1000, options.leaseMs() / 4));
            expiryTimer = vertx.setPeriodic(tick, id -> queue.run(scheduler::expireLeases));
            return queue.run(out -> scheduler.recover()).compose(v -> vertx.createHttpServer(new HttpServerOptions()
                            .setMaxWebSocketFrameSize(MAX_MESSAGE_BYTES).setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES))
                    .requestHandler(router)
                    .listen(options.port(), options.host()));
        }).onSuccess(listening -> {
            server = listening;
            LOG.info("coordinator listening on http://{}:{} (data in {})", options.host(), listening.actualPort(),
                    options.dataDir().toAbsolutePath());
        });
    }

    private static List<DeviceDescriptor> loadInventory(CoordinatorOptions options) throws ConfigException {
        return DeviceInventory.load(options.devicesFile().orElseThrow()).stream().map(Device::descriptor).toList();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(expiryTimer);
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.compose(v -> vertx.executeBlocking(() -> {
            metrics.ifPresent(MetricsWriter::close);
            if (store != null) {
                store.close();
            }
            return null;
        }, true));
    }
}
