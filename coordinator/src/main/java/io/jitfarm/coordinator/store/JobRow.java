package io.jitfarm.coordinator.store;

import io.jitfarm.common.job.JobSpec;

/** A job as the scheduler needs it: its spec and its lease. {@code attempts} is the latest attempt's number. */
public record JobRow(JobSpec spec, JobState state, int attempts, int maxAttempts, String agentId,
                     Long leaseExpiresAt) {

    public String id() {
        return spec.jobId();
    }

    /** True when {@code agentId} holds the lease of this very attempt. */
    public boolean leasedTo(String agentId, int attempt) {
        return state == JobState.LEASED && agentId.equals(this.agentId) && attempts == attempt;
    }
}
