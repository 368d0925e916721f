package io.jitfarm.common.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One kernel variant measured in a page: an op at a shape, run by an engine ({@code handwritten},
 * {@code scalar}, later {@code jitfarm}, {@code ort-web}, {@code tfjs}).
 *
 * @param candidateId stable id of the variant within its engine
 * @param config      readable description of the variant
 * @param codegenMs   time to generate the module (agent side, Java)
 * @param compileMs   {@code WebAssembly.compile} time in the page
 * @param samplesMs   every timed run after the warm-ups; empty when the variant was invalid
 * @param stats       summary of {@code samplesMs}; null when invalid
 * @param gflops      2·M·K·N (per batch) / median time; 0 when invalid
 * @param valid       false when the variant failed to compile, trapped or was wrong: its time never counts
 * @param error       why it is invalid, else null
 * @param threadsUsed threads the engine really used (a baseline may use fewer than the job asks for)
 * @param setupMs     baselines: engine start plus session or graph creation, else null
 * @param firstRunMs  baselines: the first call, with the engine's own compile and warm-up, else null
 * @param note        anything a reader of the figures must know (e.g. an overridden hardwareConcurrency)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KernelResult(String op, List<Integer> shape, String engine, String candidateId, String config,
                           double codegenMs, double compileMs, List<Double> samplesMs, SampleStats stats,
                           double gflops, double maxAbsError, double maxRelError, boolean valid, String error,
                           int threadsUsed, Double setupMs, Double firstRunMs, String note) {

    public KernelResult {
        shape = List.copyOf(shape);
        samplesMs = List.copyOf(samplesMs);
    }

    /** The shape as InfluxDB tags and tables show it, e.g. {@code 128x768x768}. */
    public String shapeText() {
        return String.join("x", shape.stream().map(String::valueOf).toList());
    }
}
