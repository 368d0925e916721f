package io.jitfarm.cli.report;

import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ModelResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the speedup rows of a run: kernel rows from {@code kernel_best} results, model rows from
 * {@code model_latency} results. Ratios are bootstrapped from each engine's kept samples.
 */
public final class SpeedupRows {
    public static final String JITFARM = "jitfarm";
    /** The engines of the paper-style table, ours first; any other engine (e.g. {@code scalar}) is left out. */
    public static final List<String> ENGINES = List.of(JITFARM, "handwritten", "ort-web", "tfjs");

    private final BootstrapRatio bootstrap;

    public SpeedupRows(BootstrapRatio bootstrap) {
        this.bootstrap = bootstrap;
    }

    public List<SpeedupRow> of(RecordedRun run) {
        List<SpeedupRow> rows = new ArrayList<>();
        group(run.kernelBests(), k -> k.op() + " " + k.shapeText(), KernelResult::engine)
                .forEach((key, byEngine) -> rows.add(row(key.workload(), false, key.job(), byEngine,
                        KernelResult::valid, KernelResult::error, KernelResult::samplesMs, k -> null)));
        group(run.models(), m -> m.model() + " seq " + m.seq(), ModelResult::engine)
                .forEach((key, byEngine) -> rows.add(row(key.workload(), true, key.job(), byEngine,
                        ModelResult::valid, ModelResult::error, ModelResult::samplesMs, ModelResult::note)));
        return rows;
    }

    private record Key(String workload, JobContext job) {
    }

    /** Per workload and job, the result of each table engine; a later result of the same engine replaces an earlier one. */
    private static <T> Map<Key, Map<String, T>> group(List<Measured<T>> results, Function<T, String> workload,
            Function<T, String> engine) {
        Map<Key, Map<String, T>> groups = new LinkedHashMap<>();
        for (Measured<T> measured : results) {
            String name = engine.apply(measured.value());
            if (ENGINES.contains(name)) {
                groups.computeIfAbsent(new Key(workload.apply(measured.value()), measured.job()), k -> new HashMap<>())
                        .put(name, measured.value());
            }
        }
        return groups;
    }

    private <T> SpeedupRow row(String workload, boolean model, JobContext job, Map<String, T> byEngine, Function<T, Boolean> valid,
            Function<T, String> error, Function<T, List<Double>> samples, Function<T, String> note) {
        Map<String, List<Double>> samplesByEngine = new HashMap<>();
        Map<String, String> invalid = new HashMap<>();
        byEngine.forEach((engine, result) -> {
            if (valid.apply(result) && !samples.apply(result).isEmpty()) {
                samplesByEngine.put(engine, samples.apply(result));
            } else {
                invalid.put(engine, String.valueOf(error.apply(result)));
            }
        });
        Map<String, Double> medians = new HashMap<>();
        samplesByEngine.forEach((engine, s) -> medians.put(engine, Figures.median(s)));
        Map<String, BootstrapRatio.Estimate> speedups = new HashMap<>();
        List<Double> ours = samplesByEngine.get(JITFARM);
        if (ours != null) {
            samplesByEngine.forEach((engine, theirs) -> {
                if (!engine.equals(JITFARM)) {
                    speedups.put(engine, bootstrap.estimate(theirs, ours));
                }
            });
        }
        // engines often share one note (e.g. a fixture's marker): say it once, with the engines it applies to
        Map<String, List<String>> enginesByNote = new TreeMap<>();
        byEngine.forEach((engine, result) -> {
            if (note.apply(result) != null) {
                enginesByNote.computeIfAbsent(note.apply(result), n -> new ArrayList<>()).add(engine);
            }
        });
        String notes = enginesByNote.entrySet().stream()
                .map(e -> e.getValue().stream().sorted().collect(Collectors.joining(", ")) + ": " + e.getKey())
                .collect(Collectors.joining("; "));
        Optional<String> rowNote = notes.isEmpty() ? Optional.empty() : Optional.of(notes);
        return new SpeedupRow(workload, model, job, medians, speedups, invalid, rowNote);
    }
}
