package io.jitfarm.cli.report;

import io.jitfarm.common.result.ModelResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The nnJIT paper's claims (as far as docs/NNJIT-NOTES.md could establish them) beside what this run
 * measured. Only numbers from the run are shown; what the run did not measure is said so.
 */
public final class PaperComparison {

    public List<ReportBlock> blocks(List<SpeedupRow> rows, List<KernelTuning> tunings, List<Measured<ModelResult>> models) {
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("speedup", "up to 8.2x over existing in-browser baselines (whole transformer models: BART, "
                + "T5, GPT-2, RoBERTa, Llama 2; several laptops and phones)", speedup(rows)));
        table.add(List.of("time to tune", "within 30 s", timeToBest(tunings, models)));
        table.add(List.of("compile cost", "about 100x lower than a conventional tensor compiler (TVM: LLVM + Emscripten)",
                compileCost(tunings)));
        table.add(List.of("optimization space", "lite space: dozens of candidates instead of millions",
                spaceSize(tunings)));
        table.add(List.of("memory", "modest overhead (no figure found in the paper's text)", memory(models)));
        List<ReportBlock> blocks = new ArrayList<>();
        blocks.add(new ReportBlock.Heading(2, "Against the paper"));
        blocks.add(new ReportBlock.Paragraph("The paper's claims come from its abstract and the authors' released code "
                + "(see NNJIT-NOTES.md); its tables were not available, so per-model and per-device figures cannot be "
                + "compared. The paper's speedup is for whole models against its baselines on its devices: a kernel's "
                + "speedup here is not the same measure. This run's figures come from one machine and one browser."));
        blocks.add(new ReportBlock.Table(List.of("claim", "nnJIT paper", "this run"), table));
        return blocks;
    }

    // Below this, a ratio mostly measures the peer's per-call overhead and the 5 us timer, not the kernels.
    private static final double MEANINGFUL_MS = 1.0;

    private record Speedup(SpeedupRow row, String peer, BootstrapRatio.Estimate estimate) {
        String text() {
            return Figures.ratioWithInterval(estimate) + " over " + peer + " on " + row.label()
                    + (row.note().isPresent() ? " (mind the row's note under the speedup table)" : "");
        }
    }

    private static String speedup(List<SpeedupRow> rows) {
        List<String> parts = new ArrayList<>();
        best(rows, false, 0).ifPresent(best -> {
            parts.add("kernels: at most " + best.text());
            if (best.row().medianMs().get(SpeedupRows.JITFARM) < MEANINGFUL_MS) {
                parts.add(Figures.format("that kernel runs in %s ms, where the peer's per-call overhead and the timer "
                        + "dominate; on kernels of at least %s ms: ", Figures.ms(best.row().medianMs().get(SpeedupRows.JITFARM)),
                        Figures.ms(MEANINGFUL_MS)) + best(rows, false, MEANINGFUL_MS).map(b -> "at most " + b.text())
                        .orElse("none measured"));
            }
        });
        Optional<Speedup> bestModel = best(rows, true, 0);
        bestModel.ifPresent(best -> parts.add("models: at most " + best.text()));
        if (parts.isEmpty()) {
            return "no speedup measured (no jitfarm result beside a peer)";
        }
        if (bestModel.isEmpty()) {
            parts.add("no model was run, so the paper's whole-model figure has no counterpart here");
        }
        return String.join("; ", parts);
    }

    private static Optional<Speedup> best(List<SpeedupRow> rows, boolean models, double minJitfarmMs) {
        return rows.stream().filter(r -> r.model() == models && r.medianMs().containsKey(SpeedupRows.JITFARM)
                        && r.medianMs().get(SpeedupRows.JITFARM) >= minJitfarmMs)
                .flatMap(r -> r.speedupOver().entrySet().stream().map(e -> new Speedup(r, e.getKey(), e.getValue())))
                .max(Comparator.comparingDouble(s -> s.estimate().ratio()));
    }

    private static String timeToBest(List<KernelTuning> tunings, List<Measured<ModelResult>> models) {
        List<String> parts = new ArrayList<>();
        tunings.stream().filter(t -> t.timeToBestS().isPresent())
                .max(Comparator.comparingDouble(t -> t.timeToBestS().orElseThrow()))
                .ifPresent(t -> parts.add(Figures.format("best kernel found after at most %s (%s, %s); longest tuning "
                                + "of one kernel %s", Figures.seconds(t.timeToBestS().orElseThrow()), t.kernel(),
                        t.job().label(), Figures.seconds(tunings.stream().mapToDouble(KernelTuning::tuningS).max()
                                .orElseThrow()))));
        models.stream().filter(m -> m.value().tuningS() != null).max(Comparator.comparingDouble(m -> m.value().tuningS()))
                .ifPresent(m -> parts.add("longest model tuning " + Figures.seconds(m.value().tuningS()) + " ("
                        + m.value().model() + ", " + m.job().label() + ")"));
        return parts.isEmpty() ? "not measured in this run (nothing was tuned)" : String.join("; ", parts);
    }

    private static String compileCost(List<KernelTuning> tunings) {
        List<Double> costs = tunings.stream().flatMap(t -> t.candidateCostMs().stream()).toList();
        String ours = costs.isEmpty() ? "" : Figures.format("; what a candidate cost here through jitfarm's direct "
                + "emission: %s ms median (codegen + WebAssembly.compile, %d candidates)",
                Figures.ms(Figures.median(costs)), costs.size());
        return "the ratio is not measured in this run; see `jitfarm compile-cost`" + ours;
    }

    private static String spaceSize(List<KernelTuning> tunings) {
        if (tunings.isEmpty()) {
            return "not measured in this run (nothing was tuned)";
        }
        int fewest = tunings.stream().mapToInt(KernelTuning::tried).min().orElseThrow();
        int most = tunings.stream().mapToInt(KernelTuning::tried).max().orElseThrow();
        List<String> spaces = tunings.stream().map(t -> t.space().orElse("unknown")).distinct().toList();
        return Figures.format("%s candidates tried per kernel (%s space); the tuner may stop before the space is "
                + "exhausted, so this is a lower bound on the space's size", fewest == most ? String.valueOf(most)
                : fewest + "-" + most, String.join("/", spaces));
    }

    private static String memory(List<Measured<ModelResult>> models) {
        return models.stream().filter(m -> m.value().engine().equals(SpeedupRows.JITFARM)
                        && m.value().peakBytes() != null && m.value().weightsBytes() != null && m.value().weightsBytes() > 0)
                .map(m -> Figures.format("%s: peak %s, %s the weights", m.value().model(),
                        Figures.mib(m.value().peakBytes()),
                        Figures.ratio((double) m.value().peakBytes() / m.value().weightsBytes())))
                .reduce((a, b) -> a + "; " + b)
                .map(text -> "jitfarm " + text)
                .orElse("not measured in this run (no model run reported its memory)");
    }
}
