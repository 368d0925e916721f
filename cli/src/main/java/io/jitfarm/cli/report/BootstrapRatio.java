package io.jitfarm.cli.report;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ratio of two engines' median latencies with a percentile-bootstrap confidence interval: each
 * engine's kept samples are resampled with replacement, independently, and the ratio of the two
 * resampled medians is taken each time. The seed is fixed so that a report of the same run is the
 * same report every time.
 */
public final class BootstrapRatio {
    public static final int DEFAULT_RESAMPLES = 2000;
    public static final long DEFAULT_SEED = 20240603L;
    private static final double CONFIDENCE = 0.95;

    private final int resamples;
    private final long seed;

    public BootstrapRatio() {
        this(DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    public BootstrapRatio(int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("at least one resample is needed");
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /**
     * @param numeratorMs   e.g. a baseline's samples
     * @param denominatorMs e.g. the tuned kernel's samples; the ratio is then the speedup over the baseline
     */
    public Estimate estimate(List<Double> numeratorMs, List<Double> denominatorMs) {
        double[] numerator = toArray(numeratorMs);
        double[] denominator = toArray(denominatorMs);
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[resamples];
        double[] scratchNumerator = new double[numerator.length];
        double[] scratchDenominator = new double[denominator.length];
        for (int i = 0; i < resamples; i++) {
            ratios[i] = resampledMedian(numerator, scratchNumerator, random)
                    / resampledMedian(denominator, scratchDenominator, random);
        }
        Arrays.sort(ratios);
        double tail = (1 - CONFIDENCE) / 2;
        return new Estimate(median(numerator.clone()) / median(denominator.clone()),
                quantile(ratios, tail), quantile(ratios, 1 - tail));
    }

    /** @param low @param high the 95 % percentile interval of the resampled ratios */
    public record Estimate(double ratio, double low, double high) {
        public boolean excludes(double value) {
            return value < low || value > high;
        }
    }

    private static double[] toArray(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double resampledMedian(double[] samples, double[] scratch, SplittableRandom random) {
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = samples[random.nextInt(samples.length)];
        }
        return median(scratch);
    }

    /** Sorts {@code values} in place. */
    private static double median(double[] values) {
        Arrays.sort(values);
        return quantile(values, 0.5);
    }

    // Linear interpolation between closest ranks, as SampleStats and the page's stats.js compute quantiles.
    private static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
