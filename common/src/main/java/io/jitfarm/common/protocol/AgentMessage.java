package io.jitfarm.common.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.common.job.JobSpec;
import java.util.List;

/**
 * The messages on the coordinator's {@code /agents} WebSocket, one JSON text frame each, told apart by
 * their {@code type}. Agents pull work: a {@link Lease} request for a free device is answered by a
 * {@link JobOffer} as soon as a job for that device is queued. Results carry a sequence number per
 * attempt so that a resend after a reconnect is recognised.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AgentMessage.Register.class, name = "register"),
    @JsonSubTypes.Type(value = AgentMessage.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = AgentMessage.Lease.class, name = "lease"),
    @JsonSubTypes.Type(value = AgentMessage.Result.class, name = "result"),
    @JsonSubTypes.Type(value = AgentMessage.Finish.class, name = "finish"),
    @JsonSubTypes.Type(value = AgentMessage.Fail.class, name = "fail"),
    @JsonSubTypes.Type(value = AgentMessage.Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = AgentMessage.JobOffer.class, name = "job"),
    @JsonSubTypes.Type(value = AgentMessage.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = AgentMessage.Closed.class, name = "closed"),
    @JsonSubTypes.Type(value = AgentMessage.Rejected.class, name = "rejected"),
    @JsonSubTypes.Type(value = AgentMessage.Cancel.class, name = "cancel"),
    @JsonSubTypes.Type(value = AgentMessage.Error.class, name = "error"),
})
public sealed interface AgentMessage {

    /** One attempt of one job, as held by an agent. */
    record LeaseRef(String jobId, int attempt) {
    }

    // ---- agent -> coordinator

    /** First message of a connection; {@code leases} are the attempts the agent is still working on. */
    record Register(String agentId, List<DeviceDescriptor> devices, List<LeaseRef> leases) implements AgentMessage {
    }

    /** Renews the leases the agent holds. */
    record Heartbeat(List<LeaseRef> leases) implements AgentMessage {
    }

    /** The device is free: offer it the next job queued for it. */
    record Lease(String deviceId) implements AgentMessage {
    }

    /** One measured result; {@code seq} counts from 1 within an attempt. */
    record Result(String jobId, int attempt, long seq, String kind, JsonNode payload) implements AgentMessage {
    }

    /** How an attempt ended, as the agent keeps it until the coordinator has recorded it. */
    sealed interface Closing extends AgentMessage permits Finish, Fail {
        String jobId();

        int attempt();

        default LeaseRef lease() {
            return new LeaseRef(jobId(), attempt());
        }
    }

    /** The attempt is complete after {@code results} results. */
    record Finish(String jobId, int attempt, long results, JsonNode summary) implements Closing {
    }

    /** The attempt failed; the coordinator decides on a retry. */
    record Fail(String jobId, int attempt, String reason, String log) implements Closing {
    }

    // ---- coordinator -> agent

    record Registered(String agentId, long leaseMs, long heartbeatMs) implements AgentMessage {
    }

    record JobOffer(String jobId, int attempt, JobSpec spec) implements AgentMessage {
    }

    /** The result is stored (sent again for a duplicate, so a resend is always answered). */
    record Ack(String jobId, int attempt, long seq) implements AgentMessage {
    }

    /** A finish or fail was recorded; {@code jobState} is the job's state after it. */
    record Closed(String jobId, int attempt, String jobState) implements AgentMessage {
    }

    /** A finish that cannot be recorded yet, e.g. because results are missing: resend them. */
    record Rejected(String jobId, int attempt, String reason, List<Long> missingSeqs) implements AgentMessage {
    }

    /** Stop working on this attempt: the lease was lost or the run cancelled. */
    record Cancel(String jobId, int attempt, String reason) implements AgentMessage {
    }

    record Error(String message) implements AgentMessage {
    }
}
