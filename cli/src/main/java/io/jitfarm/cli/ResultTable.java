package io.jitfarm.cli;

import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ModelResult;
import io.jitfarm.common.result.QoeResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.TuningProgress;
import io.jitfarm.coordinator.store.Views;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's results as tables, one per device, backend and thread count: the best of each engine per
 * kernel and shape, the speedup of the tuned JIT kernel over each peer (both measured in the same
 * page, in the same run), and how the tuning went.
 */
final class ResultTable {
    static final String JITFARM = "jitfarm";
    private final PrintWriter out;

    ResultTable(PrintWriter out) {
        this.out = out;
    }

    void print(Views.Run run, List<Views.Result> results) {
        Map<String, List<Views.Result>> byJob = new LinkedHashMap<>();
        results.forEach(r -> byJob.computeIfAbsent(r.jobId(), id -> new ArrayList<>()).add(r));
        for (Views.Job job : run.jobs()) {
            printJob(job, byJob.getOrDefault(job.id(), List.of()));
        }
        printRegression(run.regression());
    }

    /** The run against the one before it, worst first, when the experiment asks for regression checks. */
    private void printRegression(List<Views.Verdict> verdicts) {
        if (verdicts == null || verdicts.isEmpty()) {
            return;
        }
        out.printf("%nregression check against %s:%n", verdicts.get(0).baselineRun());
        verdicts.stream().sorted(Comparator.comparingDouble(Views.Verdict::changePct).reversed())
                .forEach(v -> out.println("  " + v.text()));
    }

    private void printJob(Views.Job job, List<Views.Result> results) {
        out.printf("%n%s / %s / %d thread(s): %s%n", job.deviceId(), job.backend(), job.threads(), job.state());
        Map<String, List<KernelResult>> bestByKernel = new LinkedHashMap<>();
        Map<String, List<TuningProgress>> progressByKernel = new LinkedHashMap<>();
        List<QoeResult> qoe = new ArrayList<>();
        List<ModelResult> models = new ArrayList<>();
        long invalid = 0;
        String firstError = null;
        for (Views.Result result : results) {
            switch (result.kind()) {
                case ResultKind.KERNEL_BEST -> {
                    KernelResult best = read(result, KernelResult.class);
                    bestByKernel.computeIfAbsent(best.op() + " " + best.shapeText(), k -> new ArrayList<>()).add(best);
                }
                case ResultKind.TUNING_PROGRESS -> {
                    TuningProgress progress = read(result, TuningProgress.class);
                    progressByKernel.computeIfAbsent(progress.op() + " " + progress.shapeText(), k -> new ArrayList<>())
                            .add(progress);
                }
                case ResultKind.KERNEL_CANDIDATE -> {
                    KernelResult candidate = read(result, KernelResult.class);
                    if (!candidate.valid()) {
                        invalid++;
                        firstError = firstError != null ? firstError
                                : candidate.engine() + " " + candidate.candidateId() + ": " + candidate.error();
                    }
                }
                case ResultKind.QOE -> qoe.add(read(result, QoeResult.class));
                case ResultKind.MODEL_LATENCY -> models.add(read(result, ModelResult.class));
                default -> {
                }
            }
        }
        if (!bestByKernel.isEmpty()) {
            out.printf("  %-12s %-14s %-12s %4s %10s %9s %11s %9s%n", "KERNEL", "SHAPE", "ENGINE", "THR", "MEDIAN MS",
                    "GFLOP/S", "MAX REL ERR", "JIT GAIN");
        }
        bestByKernel.forEach((kernel, bests) -> {
            Optional<KernelResult> jit = bests.stream().filter(b -> b.engine().equals(JITFARM)).findFirst();
            for (KernelResult best : bests) {
                String gain = jit.isPresent() && !best.engine().equals(JITFARM)
                        ? String.format("%.2fx", best.stats().medianMs() / jit.get().stats().medianMs()) : "";
                out.printf("  %-12s %-14s %-12s %4d %10.3f %9.2f %11.1e %9s%n", best.op(), best.shapeText(),
                        best.engine(), best.threadsUsed(), best.stats().medianMs(), best.gflops(), best.maxRelError(),
                        gain);
            }
            tuningLine(kernel, progressByKernel.getOrDefault(kernel, List.of()), jit);
        });
        if (!bestByKernel.isEmpty()) {
            out.println("  JIT GAIN = the engine's median / the tuned JIT kernel's median, same page, same run.");
        }
        if (invalid > 0) {
            out.printf("  %d invalid candidate(s), e.g. %s%n", invalid, firstError);
        }
        new ModelTable(out).print(models);
        new QoeTable(out).print(qoe);
        if (job.summary() != null) {
            job.summary().path("skipped").forEach(s -> out.println("  skipped: " + s.asText()));
        }
    }

    /** Tuning cost: candidates tried, total tuning time, and when the final best was first found. */
    private void tuningLine(String kernel, List<TuningProgress> progress, Optional<KernelResult> jit) {
        if (progress.isEmpty()) {
            return;
        }
        TuningProgress last = progress.get(progress.size() - 1);
        double timeToBest = progress.stream().filter(p -> last.bestCandidateId() != null
                        && last.bestCandidateId().equals(p.bestCandidateId()))
                .mapToDouble(TuningProgress::elapsedS).min().orElse(Double.NaN);
        out.printf("  tuning %s: %d candidate(s) tried (%d valid) in %.1f s, best found after %.1f s%s%n", kernel,
                last.tried(), last.valid(), last.elapsedS(), timeToBest,
                jit.map(j -> " (" + j.candidateId() + ")").orElse(""));
    }

    private static <T> T read(Views.Result result, Class<T> type) {
        return ProtocolCodec.JSON.convertValue(result.payload(), type);
    }
}
