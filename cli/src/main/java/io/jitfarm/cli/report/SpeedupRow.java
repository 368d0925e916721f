package io.jitfarm.cli.report;

import java.util.Map;
import java.util.Optional;

/**
 * One row of the paper-style speedup table: one workload (a kernel at a shape, or a model) in one job.
 *
 * @param model       true for a whole model, false for one kernel
 * @param medianMs    steady-state median per engine that produced a valid result
 * @param speedupOver jitfarm's speedup over each peer engine: the peer's median / jitfarm's, with its CI
 * @param invalid     engines that ran but produced no valid result, with the reason
 * @param note        what a reader must know about the row (e.g. a model extrapolated from fewer layers)
 */
public record SpeedupRow(String workload, boolean model, JobContext job, Map<String, Double> medianMs,
                         Map<String, BootstrapRatio.Estimate> speedupOver, Map<String, String> invalid,
                         Optional<String> note) {

    public SpeedupRow {
        medianMs = Map.copyOf(medianMs);
        speedupOver = Map.copyOf(speedupOver);
        invalid = Map.copyOf(invalid);
    }

    public String label() {
        return workload + " (" + job.label() + ")";
    }
}
