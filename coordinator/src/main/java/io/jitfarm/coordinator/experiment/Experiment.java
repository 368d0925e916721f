package io.jitfarm.coordinator.experiment;

import io.jitfarm.common.job.MeasureSpec;
import io.jitfarm.common.job.TuningSpec;
import io.jitfarm.common.job.Workload;
import java.util.List;
import java.util.Optional;

/**
 * A checked experiment file (DESIGN section 6). Only {@link ExperimentParser} makes these, so every
 * instance is valid.
 *
 * @param schedule   cron expression (5 fields) for nightly runs, if any
 * @param regression how a scheduled run is judged against earlier ones, if at all
 */
public record Experiment(String name, String source, DeviceSelection devices, List<String> backends,
                         List<Integer> threads, List<Workload> workloads, TuningSpec tuning, List<String> baselines,
                         MeasureSpec measure, List<String> metrics, Optional<String> schedule,
                         Optional<Regression> regression) {

    public static final List<String> BACKENDS = List.of("wasm", "webgpu");
    /** {@code naive-js} (a plain JS triple loop) is the floor; it is slow, so only on request. */
    public static final List<String> BASELINES = List.of("handwritten", "ort-web", "tfjs", "naive-js");
    public static final List<String> METRICS = List.of("latency", "memory", "frames", "responsiveness");
    public static final List<String> SPACES = List.of("lite", "full");

    public Experiment {
        backends = List.copyOf(backends);
        threads = List.copyOf(threads);
        workloads = List.copyOf(workloads);
        baselines = List.copyOf(baselines);
        metrics = List.copyOf(metrics);
    }

    /** @param compareTo which earlier run a new one is compared with ({@code previous}) */
    public record Regression(String compareTo, double thresholdPct) {
        public static final List<String> COMPARE_TO = List.of("previous");
    }
}
