package io.jitfarm.cli.report;

import java.util.ArrayList;
import java.util.List;

/** The paper-style table: per workload and job, each engine's steady-state median and jitfarm's speedup over it. */
public final class SpeedupSection {
    private static final List<String> PEERS = SpeedupRows.ENGINES.subList(1, SpeedupRows.ENGINES.size());

    public ReportBlock.Table table(List<SpeedupRow> rows) {
        List<String> header = new ArrayList<>(List.of("workload", "device", "backend", "threads"));
        SpeedupRows.ENGINES.forEach(engine -> header.add(engine + " ms"));
        PEERS.forEach(peer -> header.add("vs " + peer));
        List<List<String>> cells = new ArrayList<>();
        for (SpeedupRow row : rows) {
            List<String> line = new ArrayList<>(List.of(row.workload(), row.job().device(), row.job().backend(),
                    String.valueOf(row.job().threads())));
            SpeedupRows.ENGINES.forEach(engine -> line.add(median(row, engine)));
            PEERS.forEach(peer -> line.add(row.speedupOver().containsKey(peer)
                    ? Figures.ratioWithInterval(row.speedupOver().get(peer)) : Figures.NONE));
            cells.add(line);
        }
        return new ReportBlock.Table(header, cells);
    }

    public List<ReportBlock> blocks(List<SpeedupRow> rows, ReportBlock.Figure chart) {
        List<ReportBlock> blocks = new ArrayList<>();
        blocks.add(new ReportBlock.Heading(2, "Speedup"));
        if (rows.isEmpty()) {
            blocks.add(new ReportBlock.Paragraph("This run has no `kernel_best` or `model_latency` results."));
            return blocks;
        }
        blocks.add(new ReportBlock.Paragraph("Steady-state median latency of each engine, all measured in the same "
                + "page in the same run, and the speedup of `jitfarm` over each: the peer's median / jitfarm's median. "
                + "In brackets, the 95 % confidence interval of that ratio: percentile bootstrap, each engine's kept "
                + "samples resampled with replacement " + BootstrapRatio.DEFAULT_RESAMPLES
                + " times (fixed seed). An interval that excludes 1.00 means the difference is not noise of the "
                + "samples; it says nothing about noise between browser launches. " + Figures.NONE
                + " means the engine was not run, or gave no valid result."));
        blocks.add(table(rows));
        List<String> remarks = new ArrayList<>();
        for (SpeedupRow row : rows) {
            row.invalid().forEach((engine, error) -> remarks.add(row.label() + ": " + engine + " gave no valid result ("
                    + error + ")"));
            row.note().ifPresent(note -> remarks.add(row.label() + ": " + note));
        }
        if (!remarks.isEmpty()) {
            blocks.add(new ReportBlock.Bullets(remarks));
        }
        if (chart != null) {
            blocks.add(chart);
        }
        return blocks;
    }

    private static String median(SpeedupRow row, String engine) {
        Double median = row.medianMs().get(engine);
        if (median != null) {
            return Figures.ms(median);
        }
        return row.invalid().containsKey(engine) ? "invalid" : Figures.NONE;
    }
}
