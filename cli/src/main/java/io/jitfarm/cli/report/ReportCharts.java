package io.jitfarm.cli.report;

import io.jitfarm.common.result.ModelResult;
import io.jitfarm.common.result.QoeResult;
import io.jitfarm.common.result.TuningProgress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart as SVG: convergence curves, speedup bars, memory bars. */
public final class ReportCharts {
    public static final String CONVERGENCE = "report-convergence.svg";
    public static final String SPEEDUP = "report-speedup.svg";
    public static final String MEMORY = "report-memory.svg";
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    // XChart draws text as glyph outlines, and VectorGraphics2D writes their coordinates with up to 17 digits;
    // cut to 1/100 of a pixel, the charts look the same at half the size.
    private static final Pattern EXCESS_DIGITS = Pattern.compile("(\\d+\\.\\d{2})\\d+");
    private final boolean severalJobs;

    /** @param severalJobs whether labels must name the job (device, backend, threads) to tell curves and bars apart */
    public ReportCharts(boolean severalJobs) {
        this.severalJobs = severalJobs;
    }

    static {
        // Charts are drawn off-screen; a report must work on a machine without a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Best-so-far median vs elapsed tuning seconds, one curve per kernel and job. */
    public Optional<ReportBlock.Figure> convergence(List<KernelTuning> tunings) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Tuning convergence")
                .xAxisTitle("elapsed tuning time (s)").yAxisTitle("best-so-far median (ms)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        // kernels differ by orders of magnitude (a 2 us kernel beside a 6 ms one): each curve keeps its shape on a log axis
        chart.getStyler().setYAxisLogarithmic(true);
        int curves = 0;
        for (KernelTuning tuning : tunings) {
            List<Double> seconds = new ArrayList<>();
            List<Double> bestMs = new ArrayList<>();
            for (TuningProgress point : tuning.progress()) {
                if (point.bestMs() != null) {
                    seconds.add(point.elapsedS());
                    bestMs.add(point.bestMs());
                }
            }
            if (!seconds.isEmpty()) {
                XYSeries series = chart.addSeries(label(tuning.kernel(), tuning.job()), seconds, bestMs);
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
                series.setMarker(SeriesMarkers.CIRCLE);
                curves++;
            }
        }
        return curves == 0 ? Optional.empty() : Optional.of(figure(chart, CONVERGENCE,
                "Tuning convergence: the best valid candidate's median so far (log scale), against seconds since "
                        + "tuning began (codegen, compile and timing included)."));
    }

    /**
     * jitfarm's speedup over each peer. XChart draws only symmetric error bars, so each bar carries the
     * wider side of its bootstrap interval: the bar is never drawn tighter than the data allow.
     */
    public Optional<ReportBlock.Figure> speedups(List<SpeedupRow> rows) {
        List<String> peers = SpeedupRows.ENGINES.subList(1, SpeedupRows.ENGINES.size());
        List<SpeedupRow> withRatios = rows.stream().filter(r -> !r.speedupOver().isEmpty()).toList();
        if (withRatios.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("jitfarm speedup")
                .xAxisTitle("workload").yAxisTitle("peer median / jitfarm median").build();
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        List<String> labels = withRatios.stream().map(r -> label(r.workload(), r.job())).toList();
        for (String peer : peers) {
            if (withRatios.stream().noneMatch(r -> r.speedupOver().containsKey(peer))) {
                continue;
            }
            List<Double> ratios = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (SpeedupRow row : withRatios) {
                // XChart takes no gaps in a series with error bars: a peer that was not run gets a zero bar
                BootstrapRatio.Estimate e = row.speedupOver().get(peer);
                ratios.add(e == null ? 0.0 : e.ratio());
                errors.add(e == null ? 0.0 : Math.max(e.high() - e.ratio(), e.ratio() - e.low()));
            }
            chart.addSeries("vs " + peer, labels, ratios, errors);
        }
        return Optional.of(figure(chart, SPEEDUP, "Speedup of jitfarm over each peer (1.0 = parity). Error bars span "
                + "the wider side of the 95 % bootstrap interval; the table gives both bounds."
                + " A missing bar: the peer was not run."));
    }

    /** Peak memory per engine against the weights: model runs' own figures, then the QoE passes' peaks. */
    public Optional<ReportBlock.Figure> memory(List<Measured<ModelResult>> models, List<Measured<QoeResult>> qoe) {
        List<String> labels = new ArrayList<>();
        List<Double> peaks = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Measured<ModelResult> m : models) {
            if (m.value().peakBytes() != null) {
                labels.add(label(m.value().model() + " " + m.value().engine(), m.job()));
                peaks.add(Figures.toMib(m.value().peakBytes()));
                weights.add(m.value().weightsBytes() == null ? 0.0 : Figures.toMib(m.value().weightsBytes()));
            }
        }
        for (Measured<QoeResult> m : qoe) {
            Long peak = MemorySection.peakBytes(m.value().memory());
            if (peak != null) {
                labels.add(label(MemorySection.workload(m.value()) + " " + m.value().engine() + " on "
                        + m.value().placement(), m.job()));
                peaks.add(Figures.toMib(peak));
                Long w = m.value().memory().weightsBytes();
                weights.add(w == null ? 0.0 : Figures.toMib(w));
            }
        }
        if (labels.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Peak memory")
                .xAxisTitle("workload, engine").yAxisTitle("MiB").build();
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.addSeries("peak", uniqueLabels(labels), peaks);
        chart.addSeries("weights", uniqueLabels(labels), weights);
        return Optional.of(figure(chart, MEMORY, "Peak memory against the weights' bytes: model runs (the engine's "
                + "figure) and QoE passes (browser processes where known, else JS heap + Wasm memory)."));
    }

    private String label(String what, JobContext job) {
        return severalJobs ? what + " (" + job.label() + ")" : what;
    }

    // XChart's category axis merges equal labels; a run can repeat one (e.g. two passes of one placement).
    private static List<String> uniqueLabels(List<String> labels) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> unique = new ArrayList<>();
        for (String label : labels) {
            String candidate = label;
            for (int n = 2; !seen.add(candidate); n++) {
                candidate = label + " #" + n;
            }
            unique.add(candidate);
        }
        return unique;
    }

    private static ReportBlock.Figure figure(Chart<?, ?> chart, String fileName, String caption) {
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + fileName, e);
        }
        return new ReportBlock.Figure(fileName, caption,
                EXCESS_DIGITS.matcher(svg.toString(StandardCharsets.UTF_8)).replaceAll("$1"));
    }
}
