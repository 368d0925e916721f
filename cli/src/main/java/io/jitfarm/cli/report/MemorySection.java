package io.jitfarm.cli.report;

import io.jitfarm.common.result.ModelResult;
import io.jitfarm.common.result.QoeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Memory per engine (model runs' peak against their weights) and what a user would feel while
 * inferring (the QoE passes: memory, frames, input delay, on the main thread and on a worker).
 */
public final class MemorySection {

    public List<ReportBlock> blocks(List<Measured<ModelResult>> models, List<Measured<QoeResult>> qoe,
            ReportBlock.Figure chart) {
        List<ReportBlock> blocks = new ArrayList<>();
        blocks.add(new ReportBlock.Heading(2, "Memory and quality of experience"));
        List<List<String>> modelRows = new ArrayList<>();
        for (Measured<ModelResult> m : models) {
            ModelResult model = m.value();
            if (model.peakBytes() != null || model.weightsBytes() != null) {
                modelRows.add(List.of(model.model() + " seq " + model.seq(), m.job().label(), model.engine(),
                        bytes(model.weightsBytes()), bytes(model.peakBytes()),
                        ratio(model.peakBytes(), model.weightsBytes())));
            }
        }
        if (modelRows.isEmpty()) {
            blocks.add(new ReportBlock.Paragraph("No model run in this run reported its memory, so there is no "
                    + "per-engine model peak."));
        } else {
            blocks.add(new ReportBlock.Paragraph("Model runs: the engine's peak memory for the model (weights + "
                    + "activations) and its ratio to the weights' bytes."));
            blocks.add(new ReportBlock.Table(List.of("model", "job", "engine", "weights", "peak", "peak / weights"),
                    modelRows));
        }
        if (qoe.isEmpty()) {
            blocks.add(new ReportBlock.Paragraph("No QoE pass was collected (the experiment's `metrics:` lists none "
                    + "of memory, frames, responsiveness)."));
        } else {
            blocks.add(new ReportBlock.Paragraph("QoE passes: the tuned winner run back to back for a while, on the "
                    + "page's main thread and on a worker. Peak memory is the browser's processes where the driver "
                    + "can tell, else JS heap + Wasm memory (marked *). Growth / weights is (JS heap + Wasm memory "
                    + "after - before) over the weights' bytes. Dropped frames: intervals above 1.5x the idle median."));
            blocks.add(qoeTable(qoe));
            List<String> placements = mainAgainstWorker(qoe);
            if (!placements.isEmpty()) {
                blocks.add(new ReportBlock.Paragraph("Main thread against worker, same workload and engine:"));
                blocks.add(new ReportBlock.Bullets(placements));
            }
        }
        if (chart != null) {
            blocks.add(chart);
        }
        return blocks;
    }

    private static ReportBlock.Table qoeTable(List<Measured<QoeResult>> passes) {
        List<List<String>> rows = new ArrayList<>();
        for (Measured<QoeResult> m : passes) {
            QoeResult pass = m.value();
            QoeResult.Responsiveness input = pass.responsiveness();
            QoeResult.Memory memory = pass.memory();
            rows.add(List.of(workload(pass), m.job().label(), pass.engine(), pass.placement(),
                    pass.inferenceMedianMs() == null ? Figures.NONE : Figures.ms(pass.inferenceMedianMs()),
                    fps(pass), dropped(pass),
                    input == null || input.p50DelayMs() == null ? Figures.NONE : Figures.ms(input.p50DelayMs()),
                    input == null || input.p95DelayMs() == null ? Figures.NONE : Figures.ms(input.p95DelayMs()),
                    peakText(memory),
                    memory == null || memory.ratioToWeights() == null ? Figures.NONE
                            : Figures.ratio(memory.ratioToWeights())));
        }
        return new ReportBlock.Table(List.of("workload", "job", "engine", "on", "inference ms", "fps", "dropped",
                "input p50 ms", "input p95 ms", "peak memory", "growth / weights"), rows);
    }

    /** One line per workload, engine and job that has a pass in each placement: input delay and frames side by side. */
    private static List<String> mainAgainstWorker(List<Measured<QoeResult>> passes) {
        List<String> lines = new ArrayList<>();
        for (Measured<QoeResult> main : passes) {
            if (!main.value().placement().equals(QoeResult.MAIN)) {
                continue;
            }
            passes.stream().filter(w -> w.value().placement().equals(QoeResult.WORKER) && w.job().equals(main.job())
                            && workload(w.value()).equals(workload(main.value()))
                            && w.value().engine().equals(main.value().engine()))
                    .findFirst()
                    .ifPresent(worker -> lines.add(workload(main.value()) + ", " + main.value().engine() + " ("
                            + main.job().label() + "): input delay p95 " + inputP95(main.value()) + " on main, "
                            + inputP95(worker.value()) + " on a worker; " + fps(main.value()) + " fps against "
                            + fps(worker.value()) + "; dropped frames " + dropped(main.value()) + " against "
                            + dropped(worker.value())));
        }
        return lines;
    }

    private static String inputP95(QoeResult pass) {
        return pass.responsiveness() == null || pass.responsiveness().p95DelayMs() == null ? Figures.NONE
                : Figures.ms(pass.responsiveness().p95DelayMs()) + " ms";
    }

    private static String fps(QoeResult pass) {
        return pass.frames() == null ? Figures.NONE : Figures.format("%.1f", pass.frames().fps());
    }

    private static String dropped(QoeResult pass) {
        return pass.frames() == null || pass.frames().droppedFrames() == null ? Figures.NONE
                : pass.frames().droppedFrames().toString();
    }

    static String workload(QoeResult pass) {
        return pass.model() != null ? pass.model() : pass.op() + " " + pass.shapeText();
    }

    /** The peak as the QoE table of {@code jitfarm run} shows it: process memory, else the page's own (marked *). */
    static Long peakBytes(QoeResult.Memory memory) {
        QoeResult.MemorySample peak = memory == null ? null : memory.peak();
        if (peak == null) {
            return null;
        }
        if (peak.processBytes() != null) {
            return peak.processBytes();
        }
        return Objects.requireNonNullElse(peak.jsHeapBytes(), 0L) + Objects.requireNonNullElse(peak.wasmBytes(), 0L);
    }

    private static String peakText(QoeResult.Memory memory) {
        Long bytes = peakBytes(memory);
        if (bytes == null) {
            return Figures.NONE;
        }
        return Figures.mib(bytes) + (memory.peak().processBytes() == null ? "*" : "");
    }

    private static String bytes(Long bytes) {
        return bytes == null ? Figures.NONE : Figures.mib(bytes);
    }

    private static String ratio(Long peak, Long weights) {
        return peak == null || weights == null || weights == 0 ? Figures.NONE : Figures.ratio((double) peak / weights);
    }
}
