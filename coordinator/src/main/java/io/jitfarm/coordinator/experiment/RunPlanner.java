package io.jitfarm.coordinator.experiment;

import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.common.job.JobSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Expands an experiment into jobs: one per device x backend x thread count, each holding all workloads. */
public final class RunPlanner {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunPlanner() {
    }

    /** A fresh run id, readable and sortable: {@code <experiment>-<UTC time>-<4 hex>}. */
    public static String newRunId(String experiment, Instant now) {
        byte[] salt = new byte[2];
        ThreadLocalRandom.current().nextBytes(salt);
        return experiment + "-" + RUN_TIME.format(now) + "-" + HexFormat.of().formatHex(salt);
    }

    /** The stable id of a job within its run, e.g. {@code <run>.local-chromium.wasm.t2}. */
    public static String jobId(String runId, String deviceId, String backend, int threads) {
        return runId + "." + deviceId + "." + backend + ".t" + threads;
    }

    /**
     * Jobs in a fixed order (devices, then backends, then threads). WebGPU has no CPU threads to vary,
     * so it gets one job per device, marked with one thread.
     */
    public static List<JobSpec> plan(Experiment experiment, String runId, Collection<DeviceDescriptor> knownDevices) {
        List<JobSpec> jobs = new ArrayList<>();
        for (DeviceDescriptor device : experiment.devices().select(knownDevices)) {
            for (String backend : experiment.backends()) {
                List<Integer> threadCounts = backend.equals("webgpu") ? List.of(1) : experiment.threads();
                for (int threads : threadCounts) {
                    jobs.add(new JobSpec(jobId(runId, device.id(), backend, threads), runId, experiment.name(),
                            device.id(), backend, threads, experiment.workloads(), experiment.tuning(),
                            experiment.baselines(), experiment.measure(), experiment.metrics()));
                }
            }
        }
        return jobs;
    }
}
