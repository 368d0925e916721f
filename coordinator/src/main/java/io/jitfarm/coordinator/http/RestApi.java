package io.jitfarm.coordinator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jitfarm.common.config.ConfigError;
import io.jitfarm.common.config.ConfigException;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.coordinator.DeviceCatalog;
import io.jitfarm.coordinator.SchedulerQueue;
import io.jitfarm.coordinator.experiment.Experiment;
import io.jitfarm.coordinator.experiment.ExperimentParser;
import io.jitfarm.coordinator.experiment.RunPlanner;
import io.jitfarm.coordinator.metrics.MetricsWriter;
import io.jitfarm.coordinator.scheduler.Scheduler;
import io.jitfarm.coordinator.store.Store;
import io.jitfarm.coordinator.store.Views;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's JSON API under {@code /api}. Errors are JSON too: {@code {"message": ...}}, plus
 * {@code "errors"} (file, line, column, key, message) for a rejected experiment file.
 */
public final class RestApi {
    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    /** Experiment files are small; anything bigger is a mistake. */
    private static final long MAX_BODY_BYTES = 1 << 20;

    private final Store store;
    private final Scheduler scheduler;
    private final SchedulerQueue queue;
    private final DeviceCatalog catalog;
    private final AgentConnections connections;
    private final Optional<MetricsWriter> metrics;

    public RestApi(Store store, Scheduler scheduler, SchedulerQueue queue, DeviceCatalog catalog,
                   AgentConnections connections, Optional<MetricsWriter> metrics) {
        this.store = store;
        this.scheduler = scheduler;
        this.queue = queue;
        this.catalog = catalog;
        this.connections = connections;
        this.metrics = metrics;
    }

    public void mount(Router router) {
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.get("/api/health").handler(this::health);
        router.post("/api/runs").handler(this::submit);
        router.get("/api/runs").handler(ctx -> reply(ctx, 200, queue.call(out -> store.runs())));
        router.get("/api/runs/:run").handler(ctx -> found(ctx, queue.call(out -> store.run(ctx.pathParam("run")))));
        router.post("/api/runs/:run/cancel").handler(this::cancel);
        router.get("/api/runs/:run/results").handler(ctx -> found(ctx, queue.call(out -> store.run(ctx.pathParam("run"))
                .map(run -> store.countedResults(run.id(), null)))));
        router.get("/api/agents").handler(ctx -> reply(ctx, 200, queue.call(out -> store.agents())));
        router.get("/api/devices").handler(this::devices);
        router.route("/api/*").last().handler(ctx -> error(ctx, 404, "no such endpoint: " + ctx.request().method()
                + " " + ctx.request().path(), null));
    }

    /** {@code influx} (points pending in memory and spooled on disk) only when InfluxDB is configured. */
    private void health(RoutingContext ctx) {
        reply(ctx, 200, queue.call(out -> {
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("status", "ok");
            health.put("agentsConnected", connections.size());
            health.put("runs", store.runs().size());
            metrics.ifPresent(writer -> health.put("influx", writer.status()));
            return health;
        }));
    }

    /** Body: the YAML text; {@code ?file=} names it in error messages. */
    private void submit(RoutingContext ctx) {
        String file = Optional.ofNullable(ctx.request().getParam("file")).orElse("experiment.yaml");
        String yaml = ctx.body().asString();
        queue.call(out -> {
            try {
                Experiment experiment = new ExperimentParser(catalog.known()).parse(file, yaml == null ? "" : yaml);
                String runId = RunPlanner.newRunId(experiment.name(), Instant.now());
                List<JobSpec> jobs = RunPlanner.plan(experiment, runId, catalog.known());
                scheduler.submit(runId, experiment.name(), file, yaml, jobs, experiment.regression(), out);
                return store.run(runId).orElseThrow();
            } catch (ConfigException e) {
                throw new Rejected(e);
            }
        }).onSuccess(run -> {
            ctx.response().putHeader("Location", "/api/runs/" + run.id());
            send(ctx, 201, run);
        }).onFailure(e -> {
            if (e instanceof Rejected rejected) {
                error(ctx, 400, file + " has " + rejected.errors.size() + " error(s)", rejected.errors);
            } else {
                failed(ctx, e);
            }
        });
    }

    private void cancel(RoutingContext ctx) {
        String runId = ctx.pathParam("run");
        queue.call(out -> {
            Optional<Views.Run> before = store.run(runId);
            if (before.isEmpty()) {
                return new Reply(404, Map.of("message", "no run " + runId));
            }
            if (before.get().isFinal()) {
                return new Reply(409, Map.of("message", "run " + runId + " has already ended (" + before.get().state() + ")"));
            }
            return new Reply(200, scheduler.cancel(runId, out).orElseThrow());
        }).onSuccess(reply -> send(ctx, reply.status(), reply.body())).onFailure(e -> failed(ctx, e));
    }

    private record Reply(int status, Object body) {
    }

    private void devices(RoutingContext ctx) {
        reply(ctx, 200, queue.call(out -> {
            Map<String, String> agentOf = new LinkedHashMap<>();
            Map<String, Boolean> online = new LinkedHashMap<>();
            for (Views.Agent agent : store.agents()) {
                agent.devices().forEach(d -> {
                    agentOf.put(d.id(), agent.id());
                    online.put(d.id(), agent.connected());
                });
            }
            return catalog.known().stream().map(d -> Map.of("device", d,
                    "agent", agentOf.getOrDefault(d.id(), ""),
                    "online", online.getOrDefault(d.id(), false))).toList();
        }));
    }

    private static <T> void found(RoutingContext ctx, Future<Optional<T>> lookup) {
        lookup.onSuccess(value -> {
            if (value.isPresent()) {
                send(ctx, 200, value.get());
            } else {
                error(ctx, 404, "not found: " + ctx.request().path(), null);
            }
        }).onFailure(e -> failed(ctx, e));
    }

    private static void reply(RoutingContext ctx, int status, Future<?> value) {
        value.onSuccess(v -> send(ctx, status, v)).onFailure(e -> failed(ctx, e));
    }

    private static void failed(RoutingContext ctx, Throwable e) {
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), e);
        error(ctx, 500, "internal error: " + e.getMessage(), null);
    }

    private static void error(RoutingContext ctx, int status, String message, List<ConfigError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (errors != null) {
            body.put("errors", errors);
        }
        send(ctx, status, body);
    }

    private static void send(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(ProtocolCodec.JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end("{\"message\":\"cannot encode the response\"}");
        }
    }

    /** Carries a rejected file's errors out of the scheduler queue. */
    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<ConfigError> errors;

        Rejected(ConfigException cause) {
            super(cause.getMessage(), cause, false, false);
            this.errors = cause.errors();
        }
    }
}
