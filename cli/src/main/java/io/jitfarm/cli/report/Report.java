package io.jitfarm.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's report, built once: its blocks (for both writers), its charts (files of their own beside
 * the report) and the main speedup table (printed on the terminal).
 */
public record Report(String title, List<ReportBlock> blocks, ReportBlock.Table mainTable) {

    public Report {
        blocks = List.copyOf(blocks);
    }

    public static Report of(RecordedRun run, BootstrapRatio bootstrap) {
        List<SpeedupRow> rows = new SpeedupRows(bootstrap).of(run);
        List<KernelTuning> tunings = KernelTunings.of(run);
        ReportCharts charts = new ReportCharts(run.jobs().size() > 1);
        List<ReportBlock> blocks = new ArrayList<>(new HeaderSection().blocks(run));
        SpeedupSection speedup = new SpeedupSection();
        blocks.addAll(speedup.blocks(rows, orNull(charts.speedups(rows))));
        blocks.addAll(new TuningSection().blocks(tunings, run.models(), orNull(charts.convergence(tunings))));
        blocks.addAll(new MemorySection().blocks(run.models(), run.qoe(), orNull(charts.memory(run.models(), run.qoe()))));
        blocks.addAll(new PaperComparison().blocks(rows, tunings, run.models()));
        return new Report("jitfarm report: " + run.id(), blocks, speedup.table(rows));
    }

    public List<ReportBlock.Figure> figures() {
        return blocks.stream().filter(ReportBlock.Figure.class::isInstance).map(ReportBlock.Figure.class::cast).toList();
    }

    private static ReportBlock.Figure orNull(Optional<ReportBlock.Figure> figure) {
        return figure.orElse(null);
    }
}
