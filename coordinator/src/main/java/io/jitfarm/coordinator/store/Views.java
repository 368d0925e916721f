package io.jitfarm.coordinator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.device.DeviceDescriptor;
import java.util.List;
import java.util.Map;

/** Read-only pictures of the store, as the REST API and {@code jitfarm status} show them. */
public final class Views {
    private Views() {
    }

    /**
     * @param jobsByState count of jobs per state name
     * @param results     results counted for the run: those of each job's latest attempt
     * @param jobs        empty in run listings, filled when one run is asked for
     * @param regression  verdicts against an earlier run, when the experiment asks for them and one run is asked for
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(String id, String experiment, String source, String state, String submittedAt,
                      String finishedAt, int jobCount, Map<String, Integer> jobsByState, long results,
                      List<Job> jobs, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Verdict> regression) {
        @JsonIgnore
        public boolean isFinal() {
            return !state.equals("queued") && !state.equals("running");
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Job(String id, String deviceId, String backend, int threads, String state, int attempts,
                      int maxAttempts, String agentId, String leaseExpiresAt, long results, JsonNode summary,
                      List<Attempt> attemptHistory, List<Event> history) {
    }

    /** @param results results stored for this attempt (only the latest attempt's count for the job) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, String agentId, String startedAt, String endedAt, String outcome,
                          String reason, long results) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String at, String state, int attempt, String agentId, String reason) {
    }

    /** One counted result (of its job's latest attempt), as the run folder and the API give it. */
    public record Result(String jobId, String deviceId, String backend, int threads, int attempt, long seq,
                         String kind, String receivedAt, JsonNode payload) {
    }

    /**
     * How one engine's best time for one kernel workload compares with the same in an earlier run.
     *
     * @param verdict   {@code regressed}, {@code improved} or {@code unchanged}
     * @param changePct how much slower than the baseline, in percent (negative: faster)
     * @param text      the verdict as one sentence
     */
    public record Verdict(String deviceId, String backend, int threads, String op, String shape, String engine,
                          String verdict, double medianMs, double baselineMedianMs, double changePct,
                          double thresholdPct, String baselineRun, String text) {
    }

    public record Agent(String id, boolean connected, String lastSeen, List<DeviceDescriptor> devices) {
    }
}
