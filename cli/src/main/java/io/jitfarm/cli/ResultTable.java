package io.jitfarm.cli;

import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.coordinator.store.Views;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results of a run as tables, one per device, backend and thread count: the best of each engine. */
final class ResultTable {
    private final PrintWriter out;

    ResultTable(PrintWriter out) {
        this.out = out;
    }

    void print(Views.Run run, List<Views.Result> results) {
        Map<String, List<Views.Result>> byJob = new LinkedHashMap<>();
        results.forEach(r -> byJob.computeIfAbsent(r.jobId(), id -> new java.util.ArrayList<>()).add(r));
        for (Views.Job job : run.jobs()) {
            List<Views.Result> jobResults = byJob.getOrDefault(job.id(), List.of());
            out.printf("%n%s / %s / %d thread(s): %s%n", job.deviceId(), job.backend(), job.threads(), job.state());
            out.printf("  %-13s %-16s %-12s %11s %9s %12s%n", "KERNEL", "SHAPE", "ENGINE", "MEDIAN MS", "GFLOP/S",
                    "MAX REL ERR");
            long invalid = 0;
            String firstError = null;
            for (Views.Result result : jobResults) {
                KernelResult kernel = result.kind().equals(ResultKind.KERNEL_BEST)
                        || result.kind().equals(ResultKind.KERNEL_CANDIDATE) ? read(result) : null;
                if (kernel == null) {
                    continue;
                }
                if (result.kind().equals(ResultKind.KERNEL_BEST)) {
                    out.printf("  %-13s %-16s %-12s %11.3f %9.2f %12.1e%n", kernel.op(), kernel.shapeText(),
                            kernel.engine(), kernel.stats().medianMs(), kernel.gflops(), kernel.maxRelError());
                } else if (!kernel.valid()) {
                    invalid++;
                    firstError = firstError == null ? kernel.engine() + " " + kernel.shapeText() + ": " + kernel.error()
                            : firstError;
                }
            }
            if (invalid > 0) {
                out.printf("  %d invalid candidate(s), e.g. %s%n", invalid, firstError);
            }
            if (job.summary() != null && job.summary().path("skipped").size() > 0) {
                job.summary().path("skipped").forEach(s -> out.println("  skipped: " + s.asText()));
            }
        }
    }

    private static KernelResult read(Views.Result result) {
        return ProtocolCodec.JSON.convertValue(result.payload(), KernelResult.class);
    }
}
