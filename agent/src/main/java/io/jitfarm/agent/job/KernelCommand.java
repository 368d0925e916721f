package io.jitfarm.agent.job;

import io.jitfarm.common.job.MeasureSpec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.op.KernelOp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;

/** The page's {@code run-kernel} command for one kernel at one shape, and reading its answer. */
final class KernelCommand {
    /** Same inputs for every variant of a shape, so the page computes its float64 reference once. */
    static final long SEED = 42;

    private KernelCommand() {
    }

    static JsonObject of(KernelOp op, List<Integer> shape, String engine, GeneratedKernel kernel, MeasureSpec measure) {
        JsonObject memory = new JsonObject().put("minPages", kernel.memory().minPages())
                .put("maxPages", kernel.memory().maxPages().isPresent() ? kernel.memory().maxPages().getAsInt() : null)
                .put("shared", kernel.memory().shared());
        return new JsonObject()
                .put("type", "run-kernel")
                .put("kernel", new JsonObject()
                        .put("op", op.wireName())
                        .put("shape", new JsonArray(shape))
                        .put("engine", engine)
                        .put("candidateId", kernel.variant())
                        .put("config", kernel.toString())
                        .put("entryPoint", kernel.entryPoint())
                        .put("module", Base64.getEncoder().encodeToString(kernel.module()))
                        .put("memory", memory))
                .put("measure", new JsonObject().put("warmup", measure.warmup()).put("repeats", measure.repeats())
                        .put("minTimeMs", measure.minTimeMs()))
                .put("seed", SEED);
    }

    /** The page's answer as a result; GFLOP/s from the median, per DESIGN section 8 (2·M·K·N / time). */
    static KernelResult result(KernelOp op, List<Integer> shape, String engine, GeneratedKernel kernel,
                               double codegenMs, JsonObject answer) {
        boolean valid = answer.getBoolean("valid", false);
        JsonObject stats = answer.getJsonObject("stats");
        SampleStats summary = valid && stats != null ? new SampleStats(stats.getInteger("n"),
                stats.getDouble("medianMs"), stats.getDouble("p10Ms"), stats.getDouble("p90Ms"),
                stats.getDouble("minMs"), stats.getDouble("meanMs")) : null;
        List<Double> samples = answer.getJsonArray("samplesMs", new JsonArray()).stream()
                .map(v -> ((Number) v).doubleValue()).toList();
        double gflops = summary == null || summary.medianMs() <= 0 ? 0
                : op.flops(shape.stream().map(Integer::longValue).toList()) / (summary.medianMs() * 1e6);
        return new KernelResult(op.wireName(), shape, engine, kernel.variant(), kernel.toString(), codegenMs,
                answer.getDouble("compileMs", 0.0), valid ? samples : List.of(), summary, gflops,
                number(answer, "maxAbsError"), number(answer, "maxRelError"), valid && summary != null,
                valid ? null : answer.getString("error", "invalid"));
    }

    /** JSON has no NaN or infinity: a page reports those as null. */
    private static double number(JsonObject answer, String key) {
        Double value = answer.getDouble(key);
        return value == null ? Double.NaN : value;
    }
}
