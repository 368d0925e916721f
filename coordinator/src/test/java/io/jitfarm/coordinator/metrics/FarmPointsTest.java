package io.jitfarm.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.coordinator.store.JobState;
import io.jitfarm.coordinator.store.StoreListener.AgentChange;
import io.jitfarm.coordinator.store.StoreListener.AgentEvent;
import io.jitfarm.coordinator.store.StoreListener.JobChange;
import org.junit.jupiter.api.Test;

class FarmPointsTest {
    private static final long AT_MS = 1_763_856_000_123L;

    @Test
    void aRetryIsAJobPointBackInQueuedWithItsReasonAndTheAgentOfTheFailedAttempt() {
        String line = FarmPoints.job(new JobChange(KernelResults.job("run-1"), JobState.QUEUED, 1, "agent-a",
                "browser crashed", AT_MS), 5).lineProtocol();

        assertThat(line).isEqualTo("job,backend=wasm,device=local-chromium,experiment=matmul-speedup,run=run-1,"
                + "state=queued,threads=2 agent=\"agent-a\",attempt=1i,count=1i,job_id=\"run-1-local-chromium-wasm-2\","
                + "reason=\"browser crashed\" " + (AT_MS * 1_000_000 + 5));
    }

    @Test
    void aSubmittedJobHasNoAgentYet() {
        String line = FarmPoints.job(new JobChange(KernelResults.job("run-1"), JobState.QUEUED, 0, null, "submitted",
                AT_MS), 1).lineProtocol();

        assertThat(line).contains("attempt=0i", "reason=\"submitted\"").doesNotContain("agent=");
    }

    @Test
    void anAgentThatLeftHasNoDevicesOnlineButKeepsCountingItsLeases() {
        String line = FarmPoints.agent(new AgentChange("agent-a", AgentEvent.DISCONNECTED, 3, 1, false, AT_MS), 2)
                .lineProtocol();

        assertThat(line).isEqualTo("agent,agent=agent-a connected=false,devices_online=0i,event=\"disconnected\","
                + "leases=1i " + (AT_MS * 1_000_000 + 2));
    }
}
