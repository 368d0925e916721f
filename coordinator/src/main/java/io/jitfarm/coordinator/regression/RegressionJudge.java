package io.jitfarm.coordinator.regression;

import io.jitfarm.coordinator.store.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a run's best kernel times with an earlier run's: slower by more than the threshold is
 * {@code regressed}, faster by more than it {@code improved}, anything else {@code unchanged}.
 */
public final class RegressionJudge {
    public static final String REGRESSED = "regressed";
    public static final String IMPROVED = "improved";
    public static final String UNCHANGED = "unchanged";

    private RegressionJudge() {
    }

    /**
     * One verdict per key measured in both runs, in the order of {@code current}. A key only one run has
     * (a workload added or dropped, a job that failed) gets none, nor does a baseline time of zero.
     *
     * @param current     median ms of each key's best variant in the run being judged
     * @param baseline    the same for the earlier run
     * @param baselineRun the earlier run's id
     */
    public static List<Views.Verdict> judge(Map<KernelKey, Double> current, Map<KernelKey, Double> baseline,
                                            String baselineRun, double thresholdPct) {
        List<Views.Verdict> verdicts = new ArrayList<>();
        current.forEach((key, medianMs) -> {
            Double baselineMs = baseline.get(key);
            if (baselineMs != null && baselineMs > 0) {
                verdicts.add(verdict(key, medianMs, baselineMs, baselineRun, thresholdPct));
            }
        });
        return verdicts;
    }

    static Views.Verdict verdict(KernelKey key, double medianMs, double baselineMs, String baselineRun,
                                 double thresholdPct) {
        double changePct = (medianMs - baselineMs) / baselineMs * 100;
        String verdict = changePct > thresholdPct ? REGRESSED : changePct < -thresholdPct ? IMPROVED : UNCHANGED;
        String text = String.format(Locale.ROOT, "%s took %.3f ms against %.3f ms in %s (%+.1f%%, threshold %s%%): %s",
                key.describe(), medianMs, baselineMs, baselineRun, changePct, plain(thresholdPct), verdict);
        return new Views.Verdict(key.deviceId(), key.backend(), key.threads(), key.op(), key.shape(), key.engine(),
                verdict, medianMs, baselineMs, changePct, thresholdPct, baselineRun, text);
    }

    /** {@code 5} rather than {@code 5.0}, but {@code 2.5} as it is. */
    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
