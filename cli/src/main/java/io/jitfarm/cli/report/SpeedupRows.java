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
        group(run.kernelBests().stream().map(k -> new Measured<>(k.job(), EngineRun.of(k.value()))).toList())
                .forEach((key, byEngine) -> rows.add(row(key, false, byEngine)));
        group(run.models().stream().map(m -> new Measured<>(m.job(), EngineRun.of(m.value()))).toList())
                .forEach((key, byEngine) -> rows.add(row(key, true, byEngine)));
        return rows;
    }

    /** What the table needs of one engine's result, whether a kernel's or a model's. */
    private record EngineRun(String workload, String engine, boolean valid, String error, List<Double> samplesMs,
                             String note) {
        static EngineRun of(KernelResult kernel) {
            // a kernel's note is the tuner's account, shown in the tuning section
            return new EngineRun(kernel.op() + " " + kernel.shapeText(), kernel.engine(), kernel.valid(), kernel.error(),
                    kernel.samplesMs(), null);
        }

        static EngineRun of(ModelResult model) {
            return new EngineRun(model.model() + " seq " + model.seq(), model.engine(), model.valid(), model.error(),
                    model.samplesMs(), model.note());
        }
    }

    private record Key(String workload, JobContext job) {
    }

    /** Per workload and job, the result of each table engine; a later result of the same engine replaces an earlier one. */
    private static Map<Key, Map<String, EngineRun>> group(List<Measured<EngineRun>> results) {
        Map<Key, Map<String, EngineRun>> groups = new LinkedHashMap<>();
        for (Measured<EngineRun> measured : results) {
            EngineRun run = measured.value();
            if (ENGINES.contains(run.engine())) {
                groups.computeIfAbsent(new Key(run.workload(), measured.job()), k -> new HashMap<>()).put(run.engine(), run);
            }
        }
        return groups;
    }

    private SpeedupRow row(Key key, boolean model, Map<String, EngineRun> byEngine) {
        Map<String, List<Double>> samplesByEngine = new HashMap<>();
        Map<String, String> invalid = new HashMap<>();
        byEngine.forEach((engine, run) -> {
            if (run.valid() && !run.samplesMs().isEmpty()) {
                samplesByEngine.put(engine, run.samplesMs());
            } else {
                invalid.put(engine, String.valueOf(run.error()));
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
        return new SpeedupRow(key.workload(), model, key.job(), medians, speedups, invalid, notes(byEngine));
    }

    /** Engines often share one note (e.g. a fixture's marker): it is said once, with the engines it applies to. */
    private static Optional<String> notes(Map<String, EngineRun> byEngine) {
        Map<String, List<String>> enginesByNote = new TreeMap<>();
        byEngine.forEach((engine, run) -> {
            if (run.note() != null) {
                enginesByNote.computeIfAbsent(run.note(), n -> new ArrayList<>()).add(engine);
            }
        });
        String notes = enginesByNote.entrySet().stream()
                .map(e -> e.getValue().stream().sorted().collect(Collectors.joining(", ")) + ": " + e.getKey())
                .collect(Collectors.joining("; "));
        return notes.isEmpty() ? Optional.empty() : Optional.of(notes);
    }
}
