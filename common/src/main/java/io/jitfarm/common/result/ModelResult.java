package io.jitfarm.common.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One engine running one whole model in a page (DESIGN section 4's latency phases): setup, the first
 * run, and the steady state over the samples after the warm-ups.
 *
 * @param model         e.g. {@code bert-base}
 * @param seq           the sequence length (tokens of the prefill, or the cache length of a decode step)
 * @param layers        layers actually run; fewer than the model's when it did not fit, and then the
 *                      steady state of the whole model is an extrapolation that {@code note} says so
 * @param engine        {@code jitfarm}, {@code handwritten}, {@code ort-web} or {@code tfjs}
 * @param setupMs       weights upload, plan or session creation, kernel compiles
 * @param firstRunMs    the first inference, with whatever the engine compiles or packs lazily
 * @param samplesMs     every timed steady-state inference; empty when invalid
 * @param maxRelError   against the float64 reference (jitfarm engines) or against jitfarm's output (baselines)
 * @param weightsBytes  bytes of the weights in use
 * @param peakBytes     the engine's peak memory for the model (weights + activations), when known
 * @param tuningS       jitfarm: seconds spent tuning the model's distinct GEMM shapes, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelResult(String model, int seq, int layers, String engine, int threadsUsed, Double setupMs,
                          Double firstRunMs, List<Double> samplesMs, SampleStats stats, double maxRelError,
                          boolean valid, String error, Long weightsBytes, Long peakBytes, Double tuningS,
                          String note) {

    public ModelResult {
        samplesMs = List.copyOf(samplesMs);
    }
}
