package io.jitfarm.common.job;

import java.util.List;

/** Everything an agent needs to run one job: one device, one backend, one thread count. */
public record JobSpec(String jobId, String runId, String experiment, String deviceId, String backend, int threads,
                      List<Workload> workloads, TuningSpec tuning, List<String> baselines, MeasureSpec measure,
                      List<String> metrics) {

    public JobSpec {
        workloads = List.copyOf(workloads);
        baselines = List.copyOf(baselines);
        metrics = List.copyOf(metrics);
    }
}
