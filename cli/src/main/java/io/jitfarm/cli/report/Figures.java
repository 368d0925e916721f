package io.jitfarm.cli.report;

import io.jitfarm.common.result.SampleStats;
import java.util.List;
import java.util.Locale;

/** How numbers read in the report: one style for every section, Locale.ROOT so a report reads the same anywhere. */
final class Figures {
    static final String NONE = "—";
    private static final double MIB = 1024 * 1024;

    private Figures() {
    }

    static String ms(double ms) {
        return ms >= 100 ? format("%.1f", ms) : ms >= 1 ? format("%.2f", ms) : ms >= 0.1 ? format("%.3f", ms)
                : format("%.4f", ms);
    }

    static String seconds(double s) {
        return format("%.1f s", s);
    }

    static String ratio(double ratio) {
        return format("%.2fx", ratio);
    }

    static String ratioWithInterval(BootstrapRatio.Estimate estimate) {
        return format("%.2fx [%.2f, %.2f]", estimate.ratio(), estimate.low(), estimate.high());
    }

    static String mib(long bytes) {
        return format("%.1f MiB", bytes / MIB);
    }

    static double toMib(long bytes) {
        return bytes / MIB;
    }

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    /** Median as everything else in jitfarm computes it (SampleStats); NaN for no values. */
    static double median(List<Double> values) {
        return values.isEmpty() ? Double.NaN : SampleStats.of(values).medianMs();
    }
}
