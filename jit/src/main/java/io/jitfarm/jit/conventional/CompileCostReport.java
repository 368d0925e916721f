package io.jitfarm.jit.conventional;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The compile-cost measurements as a table, one row per candidate, and a summary of medians. */
public final class CompileCostReport {

    /** Starts the summary's key line. */
    public static final String SUMMARY = "median ratio (conventional / direct):";
    /** NNJIT-NOTES section 2: the abstract's figure; the paper gives no per-candidate times. */
    public static final String PAPER_CLAIM = "nnJIT paper (MobiSys'24) claims its tensor-web co-design cuts compile"
            + " cost by about 100x (against TVM's LLVM + Emscripten build, which also links the tvmjs runtime)";

    private static final String ROW = "%-48s %8s %8s %8s | %8s %8s %8s %8s | %7s | %7s %7s%n";
    private static final String GROUPS = "%-48s %-26s | %-35s | %7s | %-15s%n";

    private final PrintWriter out;

    public CompileCostReport(PrintWriter out) {
        this.out = out;
    }

    public void print(List<CompileCost> costs) {
        out.format(Locale.ROOT, GROUPS, "", "direct, ms", "conventional, ms", "", "module bytes");
        out.format(Locale.ROOT, ROW, "candidate", "codegen", "compile", "total", "C emit", "clang", "compile", "total",
                "ratio", "direct", "clang");
        for (CompileCost cost : costs) {
            out.format(Locale.ROOT, ROW, cost.id(), ms(cost.directCodegenMs()), ms(cost.directCompileMs()),
                    ms(cost.directMs()), ms(cost.cEmissionMs()), ms(cost.clangMs()), ms(cost.clangCompileMs()),
                    ms(cost.conventionalMs()), times(cost.ratio()), cost.directBytes(), cost.clangBytes());
        }
        if (costs.isEmpty()) {
            out.println("no candidates");
            return;
        }
        out.format(Locale.ROOT, ROW, "median of " + costs.size(), ms(median(costs, CompileCost::directCodegenMs)),
                ms(median(costs, CompileCost::directCompileMs)), ms(median(costs, CompileCost::directMs)),
                ms(median(costs, CompileCost::cEmissionMs)), ms(median(costs, CompileCost::clangMs)),
                ms(median(costs, CompileCost::clangCompileMs)), ms(median(costs, CompileCost::conventionalMs)),
                times(median(costs, CompileCost::ratio)), Math.round(median(costs, CompileCost::directBytes)),
                Math.round(median(costs, CompileCost::clangBytes)));
        out.println();
        out.format(Locale.ROOT, "%s %s (range %s to %s over %d candidates)%n", SUMMARY,
                times(median(costs, CompileCost::ratio)), times(min(costs, CompileCost::ratio)),
                times(max(costs, CompileCost::ratio)), costs.size());
        out.format(Locale.ROOT, "median per candidate: direct %s ms (codegen %s + V8 compile %s); conventional %s ms"
                        + " (C emission %s + clang/wasm-ld %s + V8 compile %s)%n",
                ms(median(costs, CompileCost::directMs)), ms(median(costs, CompileCost::directCodegenMs)),
                ms(median(costs, CompileCost::directCompileMs)), ms(median(costs, CompileCost::conventionalMs)),
                ms(median(costs, CompileCost::cEmissionMs)), ms(median(costs, CompileCost::clangMs)),
                ms(median(costs, CompileCost::clangCompileMs)));
        out.format(Locale.ROOT, "without V8 on either side (codegen alone): median ratio %s%n",
                times(median(costs, cost -> (cost.cEmissionMs() + cost.clangMs()) / cost.directCodegenMs())));
        out.println(PAPER_CLAIM);
        out.flush();
    }

    private static String ms(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.3f", ms);
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, ratio >= 10 ? "%.0fx" : "%.1fx", ratio);
    }

    static double median(List<CompileCost> costs, ToDoubleFunction<CompileCost> value) {
        double[] sorted = costs.stream().mapToDouble(value).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double min(List<CompileCost> costs, ToDoubleFunction<CompileCost> value) {
        return costs.stream().mapToDouble(value).min().orElseThrow();
    }

    private static double max(List<CompileCost> costs, ToDoubleFunction<CompileCost> value) {
        return costs.stream().mapToDouble(value).max().orElseThrow();
    }
}
