package io.jitfarm.cli;

import io.jitfarm.common.result.QoeResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * The quality-of-experience summary of one job: for each workload and engine, with the inference on
 * the page's main thread and on a worker, the frame rate, dropped frames and input delay a user would
 * have felt, and the peak memory.
 */
final class QoeTable {
    private static final double MIB = 1024 * 1024;
    private final PrintWriter out;

    QoeTable(PrintWriter out) {
        this.out = out;
    }

    void print(List<QoeResult> passes) {
        if (passes.isEmpty()) {
            return;
        }
        out.printf("  %-26s %-9s %-9s %6s %8s %9s %10s %10s %11s%n", "QOE WHILE INFERRING", "ENGINE", "ON", "FPS",
                "DROPPED", "LONGTASKS", "INPUT P95", "INPUT MAX", "PEAK MEMORY");
        for (QoeResult pass : passes) {
            QoeResult.Frames frames = pass.frames();
            QoeResult.Responsiveness input = pass.responsiveness();
            out.printf("  %-26s %-9s %-9s %6s %8s %9s %10s %10s %11s%n", workload(pass), pass.engine(), pass.placement(),
                    frames == null ? "-" : String.format("%.1f", frames.fps()),
                    text(frames == null ? null : frames.droppedFrames(), "%d"),
                    text(frames == null ? null : frames.longTasks(), "%d"),
                    text(input == null ? null : input.p95DelayMs(), "%.1f ms"),
                    text(input == null ? null : input.maxDelayMs(), "%.1f ms"),
                    peakMemory(pass.memory()));
        }
        out.println("  PEAK MEMORY = the browser's processes where the driver can tell, else JS heap + Wasm memory.");
    }

    /** A figure the pass did not collect, or the browser could not give, shows as "-". */
    private static String text(Number value, String format) {
        return value == null ? "-" : String.format(format, value);
    }

    private static String workload(QoeResult pass) {
        return pass.model() != null ? pass.model() : pass.op() + " " + pass.shapeText();
    }

    private static String peakMemory(QoeResult.Memory memory) {
        QoeResult.MemorySample peak = memory == null ? null : memory.peak();
        if (peak == null) {
            return "-";
        }
        if (peak.processBytes() != null) {
            return String.format("%.0f MiB", peak.processBytes() / MIB);
        }
        long pageBytes = Objects.requireNonNullElse(peak.jsHeapBytes(), 0L) + Objects.requireNonNullElse(peak.wasmBytes(), 0L);
        return String.format("%.0f MiB*", pageBytes / MIB);
    }
}
