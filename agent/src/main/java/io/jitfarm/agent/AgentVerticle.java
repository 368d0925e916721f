package io.jitfarm.agent;

import io.jitfarm.agent.browser.BrowserLauncher;
import io.jitfarm.agent.job.CandidateSpace;
import io.jitfarm.agent.job.JitCandidates;
import io.jitfarm.agent.job.JobFailure;
import io.jitfarm.agent.job.JobRunner;
import io.jitfarm.agent.link.CoordinatorLink;
import io.jitfarm.agent.page.PageJson;
import io.jitfarm.agent.page.PageServer;
import io.jitfarm.agent.spool.ResultSpool;
import io.jitfarm.common.device.Device;
import io.jitfarm.common.device.DeviceInventory;
import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.AgentMessage.LeaseRef;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent: registers its devices with the coordinator, asks for work for each free device, runs each
 * job it is offered on that device, and delivers every result, from its spool, until acknowledged.
 */
public final class AgentVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AgentVerticle.class);

    /** A job in progress on a device. */
    private record Running(String deviceId, int attempt, JobRunner runner, long[] seq) {
    }

    private AgentOptions options;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final Map<String, BrowserLauncher> launchers = new LinkedHashMap<>();
    private ResultSpool spool;
    private PageServer pages;
    private WorkerExecutor browsers;
    private CoordinatorLink link;
    private long heartbeatTimer = -1;
    private final CandidateSpace candidates = new JitCandidates();

    @Override
    public Future<?> start() {
        options = AgentOptions.fromConfig(config());
        return vertx.executeBlocking(() -> DeviceInventory.load(options.devicesFile())).compose(inventory -> {
            for (Device device : inventory) {
                BrowserLauncher.forDriver(device.driver()).ifPresentOrElse(launcher -> {
                    devices.put(device.id(), device);
                    launchers.put(device.id(), launcher);
                }, () -> LOG.warn("device {}: driver {} is not implemented by this agent; not registering it",
                        device.id(), device.driver().wireName()));
            }
            spool = new ResultSpool(options.workDir().resolve("spool"));
            browsers = vertx.createSharedWorkerExecutor("jitfarm-browsers", Math.max(2, devices.size() * 2),
                    options.jobMs(), TimeUnit.MILLISECONDS);
            return PageServer.start(vertx, options.pageHost(), options.pagePort());
        }).onSuccess(started -> {
            pages = started;
            link = new CoordinatorLink(vertx, options.coordinator(), options.reconnectMinMs(),
                    options.reconnectMaxMs(), this::onMessage, this::onConnected);
            link.connect();
            LOG.info("agent {} serving devices {} for {}", options.agentId(), devices.keySet(), options.coordinator());
        });
    }

    @Override
    public Future<?> stop() {
        running.values().forEach(r -> r.runner().cancel("agent stopping"));
        if (link != null) {
            link.stop();
        }
        vertx.cancelTimer(heartbeatTimer);
        return pages == null ? Future.succeededFuture() : pages.close();
    }

    private void onConnected() {
        link.send(new AgentMessage.Register(options.agentId(),
                devices.values().stream().map(Device::descriptor).toList(), heldLeases()));
    }

    /** Attempts the agent still answers for: jobs running, and ended ones whose end is not yet confirmed. */
    private List<LeaseRef> heldLeases() {
        List<LeaseRef> held = new ArrayList<>();
        running.forEach((jobId, job) -> held.add(new LeaseRef(jobId, job.attempt())));
        spool.pendingCloses().forEach(close -> held.add(close.lease()));
        return held;
    }

    private void onMessage(AgentMessage message) {
        if (message instanceof AgentMessage.Registered registered) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = vertx.setPeriodic(registered.heartbeatMs(),
                    t -> link.send(new AgentMessage.Heartbeat(heldLeases())));
            spool.pendingResults().forEach(link::send);
            spool.pendingCloses().forEach(link::send);
            devices.keySet().stream().filter(this::isFree).forEach(id -> link.send(new AgentMessage.Lease(id)));
        } else if (message instanceof AgentMessage.JobOffer offer) {
            start(offer);
        } else if (message instanceof AgentMessage.Ack ack) {
            spool.acknowledged(ack.jobId(), ack.attempt(), ack.seq());
        } else if (message instanceof AgentMessage.Closed closed) {
            spool.forget(closed.jobId(), closed.attempt());
        } else if (message instanceof AgentMessage.Rejected rejected) {
            spool.pendingResults(rejected.jobId(), rejected.attempt()).forEach(link::send);
            spool.pendingClose(rejected.jobId(), rejected.attempt()).ifPresent(link::send);
        } else if (message instanceof AgentMessage.Cancel cancel) {
            Running job = running.get(cancel.jobId());
            if (job != null && job.attempt() == cancel.attempt()) {
                job.runner().cancelByCoordinator(cancel.reason());
            }
            spool.forget(cancel.jobId(), cancel.attempt());
        } else if (message instanceof AgentMessage.Error error) {
            LOG.warn("coordinator says: {}", error.message());
        }
    }

    private boolean isFree(String deviceId) {
        return running.values().stream().noneMatch(r -> r.deviceId().equals(deviceId));
    }

    private void start(AgentMessage.JobOffer offer) {
        String deviceId = offer.spec().deviceId();
        if (!devices.containsKey(deviceId) || !isFree(deviceId)) {
            link.send(new AgentMessage.Fail(offer.jobId(), offer.attempt(), "device " + deviceId
                    + " is not free on " + options.agentId(), ""));
            return;
        }
        long[] seq = {0};
        JobRunner runner = new JobRunner(vertx, browsers, options, pages, launchers.get(deviceId),
                devices.get(deviceId), offer.spec(), candidates, (kind, payload) -> {
                    AgentMessage.Result result = new AgentMessage.Result(offer.jobId(), offer.attempt(), ++seq[0],
                            kind, PageJson.toNode(payload));
                    spool.add(result);   // on disk before it is sent: a lost connection loses nothing
                    link.send(result);
                });
        Running job = new Running(deviceId, offer.attempt(), runner, seq);
        running.put(offer.jobId(), job);
        LOG.info("job {} attempt {} started on {}", offer.jobId(), offer.attempt(), deviceId);
        runner.run().onComplete(done -> {
            running.remove(offer.jobId());
            if (!runner.wasCancelledByCoordinator()) {
                AgentMessage.Closing close = done.succeeded()
                        ? new AgentMessage.Finish(offer.jobId(), offer.attempt(), seq[0],
                                PageJson.toNode(done.result()))
                        : new AgentMessage.Fail(offer.jobId(), offer.attempt(), done.cause().getMessage(),
                                done.cause() instanceof JobFailure failure ? failure.log() : "");
                spool.close(close);
                link.send(close);
                LOG.info("job {} attempt {} {}", offer.jobId(), offer.attempt(),
                        done.succeeded() ? "finished with " + seq[0] + " results" : "failed: " + done.cause().getMessage());
            }
            link.send(new AgentMessage.Lease(deviceId));
        });
    }
}
