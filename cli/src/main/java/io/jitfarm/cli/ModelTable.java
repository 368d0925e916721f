package io.jitfarm.cli;

import io.jitfarm.common.result.ModelResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The whole-model runs of one job: each engine's steady state, setup and first run, and the speedup
 * of the tuned engine over each peer, all measured in the same page.
 */
final class ModelTable {
    private static final double MIB = 1024 * 1024;
    private final PrintWriter out;

    ModelTable(PrintWriter out) {
        this.out = out;
    }

    void print(List<ModelResult> runs) {
        if (runs.isEmpty()) {
            return;
        }
        out.printf("  %-22s %-12s %4s %10s %10s %10s %10s %9s%n", "MODEL", "ENGINE", "THR", "MEDIAN MS", "SETUP MS",
                "FIRST MS", "PEAK MIB", "JIT GAIN");
        for (ModelResult run : runs) {
            Optional<ModelResult> jit = runs.stream().filter(r -> r.model().equals(run.model()) && r.seq() == run.seq()
                    && r.engine().equals(ResultTable.JITFARM) && r.valid()).findFirst();
            String model = run.model() + " seq " + run.seq();
            if (!run.valid()) {
                out.printf("  %-22s %-12s %4d invalid: %s%n", model, run.engine(), run.threadsUsed(), run.error());
                continue;
            }
            String gain = jit.isPresent() && !run.engine().equals(ResultTable.JITFARM)
                    ? String.format("%.2fx", run.stats().medianMs() / jit.get().stats().medianMs()) : "";
            out.printf("  %-22s %-12s %4d %10.1f %10s %10s %10s %9s%n", model, run.engine(), run.threadsUsed(),
                    run.stats().medianMs(), text(run.setupMs()), text(run.firstRunMs()),
                    run.peakBytes() == null ? "-" : String.format("%.0f", run.peakBytes() / MIB), gain);
        }
        runs.stream().filter(r -> r.engine().equals(ResultTable.JITFARM) && r.tuningS() != null).forEach(r -> out.printf(
                "  tuning %s seq %d: %.1f s for its distinct GEMMs; weights %.0f MiB%n", r.model(), r.seq(), r.tuningS(),
                r.weightsBytes() == null ? Double.NaN : r.weightsBytes() / MIB));
    }

    private static String text(Double ms) {
        return ms == null ? "-" : String.format("%.0f", ms);
    }
}
