package io.jitfarm.coordinator.metrics;

import io.jitfarm.coordinator.store.Views;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/** A regression verdict as a {@code regression} point (dashboards/README.md). */
public final class RegressionPoints {
    private RegressionPoints() {
    }

    /** @param atMillis when the judged run ended: a verdict's key and run make its series, so one time suffices */
    public static Point of(String experiment, String runId, String browser, Views.Verdict verdict, long atMillis) {
        return Point.measurement("regression")
                .time(atMillis, TimeUnit.MILLISECONDS)
                .tag("experiment", experiment)
                .tag("run", runId)
                .tag("device", verdict.deviceId())
                .tag("browser", browser)
                .tag("backend", verdict.backend())
                .tag("threads", String.valueOf(verdict.threads()))
                .tag("op", verdict.op())
                .tag("shape", verdict.shape())
                .tag("engine", verdict.engine())
                .tag("verdict", verdict.verdict())
                .addField("median_ms", verdict.medianMs())
                .addField("baseline_median_ms", verdict.baselineMedianMs())
                .addField("change_pct", verdict.changePct())
                .addField("threshold_pct", verdict.thresholdPct())
                .addField("baseline_run", verdict.baselineRun())
                .addField("text", verdict.text())
                .build();
    }
}
