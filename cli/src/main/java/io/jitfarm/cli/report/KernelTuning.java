package io.jitfarm.cli.report;

import io.jitfarm.common.result.TuningProgress;
import java.util.List;
import java.util.Optional;

/**
 * How tuning one kernel went in one job.
 *
 * @param progress        the best-so-far curve, in the order the tuner reported it
 * @param timeToBestS     when the final best was first found; empty when no candidate was valid
 * @param space           {@code lite} or {@code full} as the tuner's note says, else empty
 * @param stopReason      why the tuner stopped, as its note says, else empty
 * @param candidateCostMs codegen + {@code WebAssembly.compile} of each candidate the tuner sent to the page
 */
public record KernelTuning(String kernel, JobContext job, List<TuningProgress> progress, int tried, int valid,
                           double tuningS, Optional<Double> timeToBestS, Optional<String> bestCandidateId,
                           Optional<String> space, Optional<String> stopReason, List<Double> candidateCostMs,
                           double medianCodegenMs, double medianCompileMs) {

    public KernelTuning {
        progress = List.copyOf(progress);
        candidateCostMs = List.copyOf(candidateCostMs);
    }
}
