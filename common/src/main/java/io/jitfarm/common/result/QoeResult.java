package io.jitfarm.common.result;

import java.util.List;

/**
 * What a user of the page would feel while one engine runs one workload back to back for a while
 * (DESIGN section 4): memory, frames and input delay, with the inference on the page's main thread
 * or on a worker. A collector the experiment did not ask for leaves its part null; a figure a
 * device cannot give (e.g. process memory without the DevTools protocol) is null, never 0.
 *
 * @param op          the kernel's op, or null for a model
 * @param shape       the kernel's shape, or empty for a model
 * @param model       the model, or null for a kernel
 * @param placement   {@code main} or {@code worker}
 * @param inferences  runs completed during the pass
 */
public record QoeResult(String op, List<Integer> shape, String model, String engine, String placement,
                        double durationMs, int inferences, Double inferenceMedianMs, Memory memory, Frames frames,
                        Responsiveness responsiveness) {

    public static final String MAIN = "main";
    public static final String WORKER = "worker";

    public QoeResult {
        shape = shape == null ? List.of() : List.copyOf(shape);
    }

    public String shapeText() {
        return String.join("x", shape.stream().map(String::valueOf).toList());
    }

    /**
     * @param samples       {@code before}, {@code during} (several), {@code after}, then {@code peak}: the
     *                      maximum of each figure over the others
     * @param weightsBytes  bytes of the constant inputs (weights) in use, the scale of the ratio
     * @param growthBytes   JS heap + Wasm memory after minus before
     * @param overheadPct   how much this collector slowed the inference, measured once per job
     */
    public record Memory(List<MemorySample> samples, Long weightsBytes, Long growthBytes, Double ratioToWeights,
                         Double overheadPct) {
        public Memory {
            samples = List.copyOf(samples);
        }

        /** The {@code peak} sample, if the pass took one. */
        public MemorySample peak() {
            return samples.stream().filter(s -> s.phase().equals("peak")).findFirst().orElse(null);
        }
    }

    public record MemorySample(String phase, Double atMs, Long jsHeapBytes, Long jsHeapTotalBytes, Long uaMemoryBytes,
                               Long wasmBytes, Long gpuBytes, Long processBytes) {
    }

    /**
     * The rAF loop while inference ran; dropped = intervals above 1.5x the idle median interval. Null:
     * no idle frames to compare with, no frames at all, or no long-task observer in this browser.
     */
    public record Frames(double fps, int frames, Integer droppedFrames, Double p95FrameMs, Double medianFrameMs,
                         Double idleMedianFrameMs, Integer longTasks, Double longTaskMs, Double overheadPct) {
    }

    /**
     * Synthetic input events during inference: delay from the intended dispatch time to the handler;
     * the delays are null when no event was handled.
     */
    public record Responsiveness(int events, Double p50DelayMs, Double p95DelayMs, Double maxDelayMs,
                                 Double overheadPct) {
    }
}
