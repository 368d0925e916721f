package io.jitfarm.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ModelResult;
import io.jitfarm.common.result.QoeResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.TuningProgress;
import io.jitfarm.coordinator.store.Views;
import java.util.List;
import java.util.Optional;

/**
 * A finished run as the report sees it: its id, the experiment it ran, and its counted results in the
 * order they were received, each typed by kind on demand.
 */
public record RecordedRun(String id, String experiment, List<Views.Result> results) {

    public RecordedRun {
        results = List.copyOf(results);
    }

    public List<Measured<KernelResult>> kernelBests() {
        return typed(ResultKind.KERNEL_BEST, KernelResult.class);
    }

    public List<Measured<KernelResult>> kernelCandidates() {
        return typed(ResultKind.KERNEL_CANDIDATE, KernelResult.class);
    }

    public List<Measured<TuningProgress>> tuningProgress() {
        return typed(ResultKind.TUNING_PROGRESS, TuningProgress.class);
    }

    public List<Measured<ModelResult>> models() {
        return typed(ResultKind.MODEL_LATENCY, ModelResult.class);
    }

    public List<Measured<QoeResult>> qoe() {
        return typed(ResultKind.QOE, QoeResult.class);
    }

    /** The page's environment reports (user agent, features), one per job, as the page sent them. */
    public List<Measured<JsonNode>> environments() {
        return typed(ResultKind.ENVIRONMENT, JsonNode.class);
    }

    public List<JobContext> jobs() {
        return results.stream().map(r -> new JobContext(r.deviceId(), r.backend(), r.threads())).distinct().toList();
    }

    public List<String> devices() {
        return results.stream().map(Views.Result::deviceId).distinct().toList();
    }

    /** When the first and the last result arrived (ISO-8601, UTC), if there are results. */
    public Optional<String> firstReceivedAt() {
        return results.stream().map(Views.Result::receivedAt).min(String::compareTo);
    }

    public Optional<String> lastReceivedAt() {
        return results.stream().map(Views.Result::receivedAt).max(String::compareTo);
    }

    private <T> List<Measured<T>> typed(String kind, Class<T> type) {
        return results.stream().filter(r -> r.kind().equals(kind))
                .map(r -> new Measured<>(new JobContext(r.deviceId(), r.backend(), r.threads()),
                        LenientJson.MAPPER.convertValue(r.payload(), type)))
                .toList();
    }
}
