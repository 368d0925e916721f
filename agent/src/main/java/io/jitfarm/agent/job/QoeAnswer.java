package io.jitfarm.agent.job;

import io.jitfarm.common.result.QoeResult;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads the page's {@code run-qoe} answer into a {@link QoeResult}, adding what only the agent can see. */
final class QoeAnswer {
    private static final List<String> PHASES = List.of("before", "during", "after", "peak");

    private QoeAnswer() {
    }

    /**
     * @param processBytes the browser's process memory read during the pass, first before it and last
     *                     after it; empty where the driver shows none
     */
    static QoeResult read(KernelProblem problem, String placement, JsonObject answer, List<Long> processBytes) {
        JsonObject memory = answer.getJsonObject("memory");
        JsonObject frames = answer.getJsonObject("frames");
        JsonObject input = answer.getJsonObject("responsiveness");
        return new QoeResult(problem.op().wireName(), problem.shape(), null, KernelBench.JITFARM, placement,
                answer.getDouble("durationMs"), answer.getInteger("inferences"), answer.getDouble("inferenceMedianMs"),
                memory == null ? null : memory(memory, processBytes),
                frames == null ? null : new QoeResult.Frames(frames.getDouble("fps"), frames.getInteger("frames"),
                        frames.getInteger("droppedFrames"), frames.getDouble("p95FrameMs"),
                        frames.getDouble("medianFrameMs"), frames.getDouble("idleMedianFrameMs"),
                        frames.getInteger("longTasks"), frames.getDouble("longTaskMs"), frames.getDouble("overheadPct")),
                input == null ? null : new QoeResult.Responsiveness(input.getInteger("events"),
                        input.getDouble("p50DelayMs"), input.getDouble("p95DelayMs"), input.getDouble("maxDelayMs"),
                        input.getDouble("overheadPct")));
    }

    /** The page's before / during / after / peak figures, with the browser's process memory in the same phases. */
    private static QoeResult.Memory memory(JsonObject memory, List<Long> processBytes) {
        List<QoeResult.MemorySample> samples = new ArrayList<>();
        for (String phase : PHASES) {
            JsonObject figures = memory.getJsonObject(phase);
            if (figures != null) {
                samples.add(new QoeResult.MemorySample(phase, null, figures.getLong("jsHeapBytes"),
                        figures.getLong("jsHeapTotalBytes"), figures.getLong("uaMemoryBytes"),
                        figures.getLong("wasmBytes"), figures.getLong("gpuBytes"), process(phase, processBytes)));
            }
        }
        return new QoeResult.Memory(samples, memory.getLong("weightsBytes"), memory.getLong("growthBytes"),
                memory.getDouble("ratioToWeights"), memory.getDouble("overheadPct"));
    }

    private static Long process(String phase, List<Long> bytes) {
        if (bytes.isEmpty()) {
            return null;
        }
        return switch (phase) {
            case "before" -> bytes.get(0);
            case "after" -> bytes.get(bytes.size() - 1);
            case "peak" -> Collections.max(bytes);
            default -> bytes.get(bytes.size() / 2);
        };
    }
}
