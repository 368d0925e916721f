package io.jitfarm.common.result;

import java.util.List;

/**
 * Summary of latency samples in milliseconds (all samples are kept beside it). Quantiles use linear
 * interpolation between closest ranks (h = (n - 1) q), as the harness page's stats.js does, so a
 * summary computed here and one computed in the page agree.
 */
public record SampleStats(int n, double medianMs, double p10Ms, double p90Ms, double minMs, double meanMs) {

    public static SampleStats of(List<Double> samplesMs) {
        if (samplesMs.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = samplesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new SampleStats(sorted.length, quantile(sorted, 0.5), quantile(sorted, 0.1), quantile(sorted, 0.9),
                sorted[0], samplesMs.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
