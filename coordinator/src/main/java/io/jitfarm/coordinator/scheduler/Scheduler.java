package io.jitfarm.coordinator.scheduler;

import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.protocol.AgentMessage;
import io.jitfarm.common.protocol.AgentMessage.LeaseRef;
import io.jitfarm.coordinator.experiment.Experiment;
import io.jitfarm.coordinator.store.JobRow;
import io.jitfarm.coordinator.store.JobState;
import io.jitfarm.coordinator.store.Store;
import io.jitfarm.coordinator.store.Views;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases jobs to agents and keeps their state, durably, through {@link Store}. Every method returns
 * the messages to send as a consequence; the caller delivers them. Calls must be serialized (the
 * coordinator runs them on one ordered worker queue), which is what makes the rules below simple:
 * <ul>
 *   <li>a free device asks for work once; it is offered the oldest queued job for it when one exists;</li>
 *   <li>a lease lives {@code leaseMs} and is renewed by heartbeats and results; an expired one ends the
 *       attempt, and the job is queued again until it has had {@code maxAttempts} attempts;</li>
 *   <li>only the holder of the current attempt may add results to it or close it; anything else is told
 *       to stop with a {@link AgentMessage.Cancel}.</li>
 * </ul>
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final Store store;
    private final LongSupplier clock;
    private final long leaseMs;
    private final int maxAttempts;
    /** Devices waiting for a job, in the order they asked, with the agent that drives each. */
    private final Map<String, String> waiting = new LinkedHashMap<>();
    private final Map<String, Set<String>> devicesOfAgent = new HashMap<>();
    private final Consumer<JobRow> onSucceeded;

    /** @param onSucceeded told of every job that succeeds, after its success is stored */
    public Scheduler(Store store, LongSupplier clock, long leaseMs, int maxAttempts, Consumer<JobRow> onSucceeded) {
        this.store = store;
        this.clock = clock;
        this.leaseMs = leaseMs;
        this.maxAttempts = maxAttempts;
        this.onSucceeded = onSucceeded;
    }

    /** After a restart: agents must reconnect, and get one lease period to do so before their jobs move on. */
    public void recover() {
        store.markAllAgentsDisconnected(clock.getAsLong());
        store.extendLeases(clock.getAsLong() + leaseMs);
        LOG.info("recovered: {} leased job(s) wait {} ms for their agents", store.leasedJobs().size(), leaseMs);
    }

    public long heartbeatMs() {
        return Math.max(100, leaseMs / 3);
    }

    // ---- runs

    public void submit(String runId, String experiment, String source, String yaml, List<JobSpec> jobs,
                       Optional<Experiment.Regression> regression, List<Outgoing> out) {
        store.insertRun(runId, experiment, source, yaml, clock.getAsLong(), jobs, maxAttempts, regression);
        LOG.info("run {} accepted: {} job(s)", runId, jobs.size());
        dispatch(out);
    }

    public Optional<Views.Run> cancel(String runId, List<Outgoing> out) {
        Optional<Views.Run> run = store.run(runId);
        if (run.isEmpty() || run.get().isFinal()) {
            return run;
        }
        for (JobRow job : store.cancelRun(runId, clock.getAsLong())) {
            out.add(new Outgoing(job.agentId(), new AgentMessage.Cancel(job.id(), job.attempts(), "run cancelled")));
        }
        LOG.info("run {} cancelled", runId);
        return store.run(runId);
    }

    // ---- agent messages

    public void register(String agentId, List<DeviceDescriptor> devices, List<LeaseRef> held, List<Outgoing> out) {
        long now = clock.getAsLong();
        store.saveAgent(agentId, devices, now);
        devicesOfAgent.put(agentId, new HashSet<>(devices.stream().map(DeviceDescriptor::id).toList()));
        out.add(new Outgoing(agentId, new AgentMessage.Registered(agentId, leaseMs, heartbeatMs())));
        Set<String> claimed = new HashSet<>();
        renewOrCancel(agentId, held, claimed, out);
        for (JobRow job : store.leasedJobs()) {
            if (agentId.equals(job.agentId()) && !claimed.contains(job.id())) {
                endAttempt(job, "failed", "agent " + agentId + " came back without this job (restarted?)", out);
            }
        }
        LOG.info("agent {} registered with device(s) {}", agentId, devicesOfAgent.get(agentId));
    }

    public void heartbeat(String agentId, List<LeaseRef> held, List<Outgoing> out) {
        store.agentHeartbeat(agentId, clock.getAsLong());
        renewOrCancel(agentId, held, new HashSet<>(), out);
    }

    public void requestLease(String agentId, String deviceId, List<Outgoing> out) {
        if (!devicesOfAgent.getOrDefault(agentId, Set.of()).contains(deviceId)) {
            out.add(new Outgoing(agentId, new AgentMessage.Error("device " + deviceId + " is not registered by " + agentId)));
            return;
        }
        waiting.put(deviceId, agentId);
        dispatch(out);
    }

    public void result(String agentId, AgentMessage.Result result, List<Outgoing> out) {
        Optional<JobRow> job = store.job(result.jobId());
        if (job.isEmpty()) {
            out.add(new Outgoing(agentId, new AgentMessage.Error("unknown job " + result.jobId())));
            return;
        }
        // Stored even when stale: a measured result is never thrown away, it just does not count.
        boolean fresh = store.insertResult(result.jobId(), result.attempt(), result.seq(), result.kind(),
                result.payload(), clock.getAsLong());
        out.add(new Outgoing(agentId, new AgentMessage.Ack(result.jobId(), result.attempt(), result.seq())));
        if (!job.get().leasedTo(agentId, result.attempt())) {
            out.add(new Outgoing(agentId, staleCancel(job.get(), result.attempt())));
        } else if (fresh) {
            store.renewLease(result.jobId(), clock.getAsLong() + leaseMs);
        }
    }

    public void finish(String agentId, AgentMessage.Finish finish, List<Outgoing> out) {
        Optional<JobRow> job = closable(agentId, finish.jobId(), finish.attempt(), out);
        if (job.isEmpty()) {
            return;
        }
        List<Long> missing = store.missingResults(finish.jobId(), finish.attempt(), finish.results());
        if (!missing.isEmpty()) {
            out.add(new Outgoing(agentId, new AgentMessage.Rejected(finish.jobId(), finish.attempt(),
                    missing.size() + " result(s) missing", missing)));
            return;
        }
        store.endAttempt(finish.jobId(), finish.attempt(), "succeeded", null, JobState.SUCCEEDED, null,
                finish.summary(), clock.getAsLong());
        LOG.info("job {} succeeded on attempt {} ({} results)", finish.jobId(), finish.attempt(), finish.results());
        onSucceeded.accept(job.get());
        out.add(new Outgoing(agentId, new AgentMessage.Closed(finish.jobId(), finish.attempt(), "succeeded")));
    }

    public void fail(String agentId, AgentMessage.Fail fail, List<Outgoing> out) {
        Optional<JobRow> job = closable(agentId, fail.jobId(), fail.attempt(), out);
        if (job.isEmpty()) {
            return;
        }
        JobState next = endAttempt(job.get(), "failed", fail.reason(), out);
        out.add(new Outgoing(agentId, new AgentMessage.Closed(fail.jobId(), fail.attempt(), next.dbName())));
    }

    public void disconnected(String agentId) {
        waiting.values().removeIf(agentId::equals);
        devicesOfAgent.remove(agentId);
        store.agentDisconnected(agentId, clock.getAsLong());
        LOG.info("agent {} disconnected; its leases run until they expire", agentId);
    }

    /** Ends every attempt whose lease ran out; called periodically. */
    public void expireLeases(List<Outgoing> out) {
        long now = clock.getAsLong();
        for (JobRow job : store.expiredLeases(now)) {
            String reason = "lease expired: agent " + job.agentId() + " silent for "
                    + (now - job.leaseExpiresAt() + leaseMs) + " ms";
            out.add(new Outgoing(job.agentId(), new AgentMessage.Cancel(job.id(), job.attempts(), reason)));
            endAttempt(job, "expired", reason, out);
        }
    }

    // ---- internals

    private void renewOrCancel(String agentId, List<LeaseRef> held, Set<String> claimed, List<Outgoing> out) {
        long expiresAt = clock.getAsLong() + leaseMs;
        for (LeaseRef ref : held) {
            Optional<JobRow> job = store.job(ref.jobId());
            if (job.isPresent() && job.get().leasedTo(agentId, ref.attempt())) {
                store.renewLease(ref.jobId(), expiresAt);
                claimed.add(ref.jobId());
            } else {
                out.add(new Outgoing(agentId, job.map(j -> staleCancel(j, ref.attempt()))
                        .orElse(new AgentMessage.Cancel(ref.jobId(), ref.attempt(), "unknown job"))));
            }
        }
    }

    /**
     * The job if {@code agentId} may close this attempt. A repeated close of an attempt already closed
     * is answered with the job's state, so an agent that resends after a reconnect can move on.
     */
    private Optional<JobRow> closable(String agentId, String jobId, int attempt, List<Outgoing> out) {
        Optional<JobRow> job = store.job(jobId);
        if (job.isPresent() && job.get().leasedTo(agentId, attempt)) {
            return job;
        }
        if (job.isEmpty()) {
            out.add(new Outgoing(agentId, new AgentMessage.Error("unknown job " + jobId)));
        } else if (job.get().attempts() == attempt && job.get().state().isFinal()) {
            out.add(new Outgoing(agentId, new AgentMessage.Closed(jobId, attempt, job.get().state().dbName())));
        } else {
            out.add(new Outgoing(agentId, staleCancel(job.get(), attempt)));
        }
        return Optional.empty();
    }

    private static AgentMessage.Cancel staleCancel(JobRow job, int attempt) {
        return new AgentMessage.Cancel(job.id(), attempt, "attempt " + attempt + " no longer holds the lease (job is "
                + job.state().dbName() + (job.state() == JobState.LEASED ? " as attempt " + job.attempts() : "") + ")");
    }

    /** Ends the current attempt; the job is queued again unless it has used all its attempts. */
    private JobState endAttempt(JobRow job, String outcome, String reason, List<Outgoing> out) {
        boolean retry = job.attempts() < job.maxAttempts();
        JobState next = retry ? JobState.QUEUED : JobState.FAILED;
        String jobReason = reason;
        if (!retry) {
            List<String> reasons = new ArrayList<>(store.attemptReasons(job.id()));
            reasons.add("attempt " + job.attempts() + " on " + job.agentId() + ": " + reason);
            jobReason = "failed after " + job.attempts() + " attempt(s): " + String.join("; ", reasons);
        }
        store.endAttempt(job.id(), job.attempts(), outcome, reason, next, jobReason, null, clock.getAsLong());
        LOG.warn("job {} attempt {} {}: {} -> {}", job.id(), job.attempts(), outcome, reason, next.dbName());
        dispatch(out);
        return next;
    }

    private void dispatch(List<Outgoing> out) {
        for (Iterator<Map.Entry<String, String>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> entry = it.next();
            Optional<JobRow> next = store.nextQueuedJob(entry.getKey());
            if (next.isPresent()) {
                JobRow job = next.get();
                int attempt = job.attempts() + 1;
                long now = clock.getAsLong();
                store.leaseJob(job.id(), entry.getValue(), attempt, now + leaseMs, now);
                out.add(new Outgoing(entry.getValue(), new AgentMessage.JobOffer(job.id(), attempt, job.spec())));
                LOG.info("job {} attempt {} leased to {}", job.id(), attempt, entry.getValue());
                it.remove();
            }
        }
    }
}
