package io.jitfarm.cli.report;

import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.TuningProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summarises each kernel's tuning from the run's {@code tuning_progress} curve, the jitfarm
 * {@code kernel_candidate} results and the note of the jitfarm {@code kernel_best}.
 */
public final class KernelTunings {
    // The tuner's note reads e.g. "tuned 14 candidate(s) (14 valid) of the lite space in 4.8 s; ...; stopped: <why>"
    private static final Pattern SPACE = Pattern.compile("of the (\\w+) space");
    private static final Pattern STOPPED = Pattern.compile("stopped: (.+)$");

    private KernelTunings() {
    }

    public static List<KernelTuning> of(RecordedRun run) {
        Map<Key, List<TuningProgress>> progress = new LinkedHashMap<>();
        run.tuningProgress().forEach(p -> progress.computeIfAbsent(new Key(kernel(p.value()), p.job()),
                k -> new ArrayList<>()).add(p.value()));
        Map<Key, List<KernelResult>> candidates = new LinkedHashMap<>();
        Map<Key, String> notes = new LinkedHashMap<>();
        for (Measured<KernelResult> c : run.kernelCandidates()) {
            if (c.value().engine().equals(SpeedupRows.JITFARM)) {
                candidates.computeIfAbsent(new Key(kernel(c.value()), c.job()), k -> new ArrayList<>()).add(c.value());
            }
        }
        for (Measured<KernelResult> best : run.kernelBests()) {
            if (best.value().engine().equals(SpeedupRows.JITFARM) && best.value().note() != null) {
                notes.put(new Key(kernel(best.value()), best.job()), best.value().note());
            }
        }
        List<KernelTuning> tunings = new ArrayList<>();
        progress.forEach((key, curve) -> tunings.add(summary(key, curve,
                candidates.getOrDefault(key, List.of()), Optional.ofNullable(notes.get(key)))));
        return tunings;
    }

    private record Key(String kernel, JobContext job) {
    }

    private static KernelTuning summary(Key key, List<TuningProgress> curve, List<KernelResult> candidates,
            Optional<String> note) {
        TuningProgress last = curve.get(curve.size() - 1);
        Optional<String> best = Optional.ofNullable(last.bestCandidateId());
        Optional<Double> timeToBest = best.flatMap(id -> curve.stream().filter(p -> id.equals(p.bestCandidateId()))
                .map(TuningProgress::elapsedS).min(Double::compare));
        return new KernelTuning(key.kernel(), key.job(), curve, last.tried(), last.valid(), last.elapsedS(), timeToBest,
                best, note.flatMap(n -> group(SPACE, n)), note.flatMap(n -> group(STOPPED, n)),
                candidates.stream().map(c -> c.codegenMs() + c.compileMs()).toList(),
                Figures.median(candidates.stream().map(KernelResult::codegenMs).toList()),
                Figures.median(candidates.stream().map(KernelResult::compileMs).toList()));
    }

    private static Optional<String> group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static String kernel(KernelResult result) {
        return result.op() + " " + result.shapeText();
    }

    static String kernel(TuningProgress progress) {
        return progress.op() + " " + progress.shapeText();
    }
}
