package io.jitfarm.agent.job;

import io.jitfarm.common.job.MeasureSpec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;

/** The page's measurement commands ({@code run-kernel}, {@code run-baseline}) and reading their answers. */
final class KernelCommand {
    /** Same inputs for every engine at a shape, so the page computes its float64 reference once. */
    static final long SEED = 42;

    private KernelCommand() {
    }

    /** Measures one of our kernels on {@code threads} workers. */
    static JsonObject kernel(KernelProblem problem, String engine, GeneratedKernel kernel,
                             int scratchBytesPerThread, int threads, MeasureSpec measure) {
        JsonObject memory = new JsonObject().put("minPages", kernel.memory().minPages())
                .put("maxPages", kernel.memory().maxPages().isPresent() ? kernel.memory().maxPages().getAsInt() : null)
                .put("shared", kernel.memory().shared());
        return measurement("run-kernel", problem, threads, measure)
                .put("kernel", problem.toJson()
                        .put("engine", engine)
                        .put("candidateId", kernel.variant())
                        .put("config", kernel.toString())
                        .put("entryPoint", kernel.entryPoint())
                        .put("convention", kernel.convention().name())
                        .put("scratchBytesPerThread", scratchBytesPerThread)
                        .put("module", Base64.getEncoder().encodeToString(kernel.module()))
                        .put("memory", memory));
    }

    /**
     * A quality-of-experience pass of one of our kernels: run back to back for {@code durationMs} on the
     * page's main thread or on {@code threads} workers while the collectors watch.
     *
     * @param overheadPassMs length of each pass measuring the collectors' own cost; 0 skips them
     * @param weightsBytes   bytes of the kernel's constant inputs, or 0 when it has none
     */
    static JsonObject qoe(KernelProblem problem, GeneratedKernel kernel, int threads, String placement,
                          long durationMs, List<String> collectors, long overheadPassMs, long weightsBytes) {
        JsonObject command = new JsonObject()
                .put("type", "run-qoe")
                .put("kernel", kernel(problem, "jitfarm", kernel, kernel.scratchBytesPerThread(), threads,
                        MeasureSpec.DEFAULT).getJsonObject("kernel"))
                .put("seed", SEED)
                .put("threads", threads)
                .put("placement", placement)
                .put("durationMs", durationMs)
                .put("collectors", new JsonArray(collectors))
                .put("overheadPassMs", overheadPassMs);
        return weightsBytes > 0 ? command.put("weightsBytes", weightsBytes) : command;
    }

    /** Measures a baseline engine (ONNX Runtime Web, TensorFlow.js, naive JS) on the same inputs. */
    static JsonObject baseline(String engine, KernelProblem problem, int threads, MeasureSpec measure) {
        return measurement("run-baseline", problem, threads, measure).put("engine", engine);
    }

    private static JsonObject measurement(String type, KernelProblem problem, int threads, MeasureSpec measure) {
        return problem.toJson()
                .put("type", type)
                .put("threads", threads)
                .put("measure", measure(measure))
                .put("seed", SEED);
    }

    /** The sampler's rules as every measurement command carries them. */
    static JsonObject measure(MeasureSpec measure) {
        return new JsonObject().put("warmup", measure.warmup()).put("repeats", measure.repeats())
                .put("minTimeMs", measure.minTimeMs());
    }

    /** The page's answer as a result; GFLOP/s from the median, per DESIGN section 8 (2·M·K·N (·B) / time). */
    static KernelResult result(KernelProblem problem, String engine, String candidateId, String config,
                               double codegenMs, JsonObject answer) {
        boolean valid = answer.getBoolean("valid", false);
        SampleStats summary = stats(answer);
        List<Double> samples = samples(answer);
        double gflops = summary == null || summary.medianMs() <= 0 ? 0
                : problem.flops() / (summary.medianMs() * 1e6);
        return new KernelResult(problem.op().wireName(), problem.shape(), engine, candidateId, config, codegenMs,
                number(answer, "compileMs", 0), valid ? samples : List.of(), summary, gflops,
                number(answer, "maxAbsError", Double.NaN), number(answer, "maxRelError", Double.NaN),
                valid && summary != null, valid ? null : answer.getString("error", "invalid"),
                answer.getInteger("threads", 1), answer.getDouble("setupMs"), answer.getDouble("firstRunMs"),
                answer.getString("note"));
    }

    /** The summary of a valid measurement's samples, else null. */
    static SampleStats stats(JsonObject answer) {
        JsonObject stats = answer.getJsonObject("stats");
        return answer.getBoolean("valid", false) && stats != null ? new SampleStats(stats.getInteger("n"),
                stats.getDouble("medianMs"), stats.getDouble("p10Ms"), stats.getDouble("p90Ms"),
                stats.getDouble("minMs"), stats.getDouble("meanMs")) : null;
    }

    static List<Double> samples(JsonObject answer) {
        return answer.getJsonArray("samplesMs", new JsonArray()).stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    /** An invalid result for a measurement that never got an answer (timed out, or answered an error). */
    static KernelResult failed(KernelProblem problem, String engine, String candidateId, String config,
                               double codegenMs, int threads, String why) {
        return new KernelResult(problem.op().wireName(), problem.shape(), engine, candidateId, config, codegenMs, 0, List.of(), null, 0,
                Double.NaN, Double.NaN, false, why, threads, null, null, null);
    }

    /** JSON has no NaN or infinity, and the page sends null for a figure it could not compute. */
    static double number(JsonObject answer, String key, double absent) {
        Double value = answer.getDouble(key);
        return value == null ? absent : value;
    }
}
