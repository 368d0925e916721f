package io.jitfarm.coordinator.store;

import io.jitfarm.common.job.JobSpec;
import java.util.Locale;

/**
 * Told of what the store has committed: job state changes, agents registering, beating and leaving,
 * runs ending. Called on the store's thread right after the commit, so a listener may read the store;
 * a listener that throws is logged and undoes nothing.
 */
public interface StoreListener {
    default void jobChanged(JobChange change) {
    }

    default void agentChanged(AgentChange change) {
    }

    /** @param state the run's final state: {@code succeeded}, {@code failed} or {@code cancelled} */
    default void runEnded(String runId, String state) {
    }

    /**
     * One entry of a job's history.
     *
     * @param agentId the agent of the job's latest attempt; null before its first lease
     * @param reason  why, e.g. {@code submitted} or what made an attempt fail; null when the state says it all
     */
    record JobChange(JobSpec spec, JobState state, int attempt, String agentId, String reason, long atMillis) {
    }

    enum AgentEvent {
        REGISTERED, HEARTBEAT, DISCONNECTED;

        public String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param devices devices the agent registered
     * @param leases  jobs leased to the agent now
     */
    record AgentChange(String agentId, AgentEvent event, int devices, int leases, boolean connected, long atMillis) {
    }
}
