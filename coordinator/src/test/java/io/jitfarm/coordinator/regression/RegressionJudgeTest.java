package io.jitfarm.coordinator.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.jitfarm.coordinator.store.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegressionJudgeTest {
    private static final KernelKey JIT = new KernelKey("local-chromium", "wasm", 2, "matmul", "128x768x768", "jitfarm");
    private static final KernelKey ORT = new KernelKey("local-chromium", "wasm", 2, "matmul", "128x768x768", "ort-web");

    private static String verdictAt(double medianMs, double baselineMs) {
        return RegressionJudge.verdict(JIT, medianMs, baselineMs, "nightly-1", 5).verdict();
    }

    @Test
    void slowerByMoreThanTheThresholdRegressedFasterByMoreImprovedAnythingElseUnchanged() {
        assertThat(verdictAt(10.6, 10.0)).isEqualTo("regressed");
        assertThat(verdictAt(9.4, 10.0)).isEqualTo("improved");
        assertThat(verdictAt(10.4, 10.0)).isEqualTo("unchanged");
        assertThat(verdictAt(9.6, 10.0)).isEqualTo("unchanged");
    }

    @Test
    void exactlyTheThresholdIsStillUnchanged() {
        assertThat(verdictAt(10.5, 10.0)).isEqualTo("unchanged");
        assertThat(verdictAt(9.5, 10.0)).isEqualTo("unchanged");
    }

    @Test
    void aVerdictCarriesItsFiguresAndSaysItInOneSentence() {
        Views.Verdict verdict = RegressionJudge.verdict(JIT, 4.4, 4.0, "nightly-1", 5);

        assertThat(verdict.changePct()).isCloseTo(10.0, offset(1e-9));
        assertThat(verdict).extracting(Views.Verdict::medianMs, Views.Verdict::baselineMedianMs,
                Views.Verdict::thresholdPct, Views.Verdict::baselineRun).containsExactly(4.4, 4.0, 5.0, "nightly-1");
        assertThat(verdict.text()).isEqualTo("matmul 128x768x768 by jitfarm on local-chromium (wasm, 2 threads)"
                + " took 4.400 ms against 4.000 ms in nightly-1 (+10.0%, threshold 5%): regressed");
    }

    @Test
    void onlyKeysMeasuredInBothRunsAreJudgedInTheOrderOfTheJudgedRun() {
        KernelKey added = new KernelKey("local-chromium", "wasm", 2, "matmul", "1x4096x4096", "jitfarm");
        KernelKey dropped = new KernelKey("local-chromium", "wasm", 1, "matmul", "128x768x768", "jitfarm");
        Map<KernelKey, Double> current = new LinkedHashMap<>();
        current.put(ORT, 8.0);
        current.put(added, 30.0);
        current.put(JIT, 4.0);

        List<Views.Verdict> verdicts = RegressionJudge.judge(current, Map.of(JIT, 5.0, ORT, 8.1, dropped, 3.0),
                "nightly-1", 5);

        assertThat(verdicts).extracting(v -> v.engine() + " " + v.verdict())
                .containsExactly("ort-web unchanged", "jitfarm improved");
    }

    @Test
    void aBaselineOfZeroGivesNoPercentageAndSoNoVerdict() {
        assertThat(RegressionJudge.judge(Map.of(JIT, 4.0), Map.of(JIT, 0.0), "nightly-1", 5)).isEmpty();
    }
}
