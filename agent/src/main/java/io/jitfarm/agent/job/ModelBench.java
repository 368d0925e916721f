package io.jitfarm.agent.job;

import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.job.Workload;
import io.jitfarm.common.result.ModelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.TunedMatMul;
import io.jitfarm.jit.model.ExecutionPlan;
import io.jitfarm.jit.model.Graph;
import io.jitfarm.jit.model.MemoryPlanner;
import io.jitfarm.jit.model.ModelArchitecture;
import io.jitfarm.jit.model.ModelConfig;
import io.jitfarm.jit.model.ModelGraphs;
import io.jitfarm.jit.model.ReferenceExecutor;
import io.jitfarm.jit.model.SeededValues;
import io.jitfarm.jit.op.GemmProblem;
import io.jitfarm.jit.op.Operation;
import io.jitfarm.jit.op.RowOp;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.rowop.RowOpSpace;
import io.jitfarm.jit.tune.MatMulSpace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole model in the page (DESIGN section 2, step 4): the workload's graph planned in one memory,
 * each distinct GEMM tuned once with {@link KernelBench}'s tuning (its candidates reported as kernel
 * results), row ops on their default schedule, then one {@code run-model} command per engine:
 * {@code jitfarm} with the tuned GEMMs and, when the experiment names it, {@code handwritten}, the
 * same plan with every GEMM on one fixed schedule ({@link MatMulSpace#untuned}), as a hand-written
 * library would ship it.
 *
 * <p>Correctness: nothing computes a float64 reference of a full-size model cheaply, so each command
 * carries a reduced configuration of the same model ({@link ModelConfig#reduced}, {@link #CHECK_SEQ}
 * tokens) with its reference from {@link ReferenceExecutor}; the page runs it first, and only a plan
 * that passes is timed at full size. The tuned GEMMs themselves were each checked against a
 * reference when tuned.
 */
final class ModelBench {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBench.class);
    static final int CHECK_SEQ = 7;
    /** The page's whole-model baselines, run when the experiment lists them. */
    static final List<String> MODEL_BASELINES = List.of("ort-web", "tfjs");
    /** Room kept for GEMM scratch when choosing how many layers fit, before any kernel is chosen. */
    private static final long SCRATCH_ALLOWANCE_PER_THREAD = 16L << 20;

    private final KernelBench kernelBench;
    private final JobSpec spec;
    private final DeviceProfile profile;
    private final ResultSink sink;
    private final long measurementMs;

    ModelBench(KernelBench kernelBench, JobSpec spec, DeviceProfile profile, ResultSink sink, long measurementMs) {
        this.kernelBench = kernelBench;
        this.spec = spec;
        this.profile = profile;
        this.sink = sink;
        this.measurementMs = measurementMs;
    }

    Future<Void> run(Workload.Model workload) {
        ModelArchitecture architecture = ModelArchitecture.byWireName(workload.model())
                .orElseThrow(() -> new IllegalArgumentException("unknown model " + workload.model()));
        return run(workload, ModelConfig.of(architecture));
    }

    /** The workload's model at the sizes of {@code config} (the published ones, or smaller ones in tests). */
    Future<Void> run(Workload.Model workload, ModelConfig config) {
        ModelArchitecture architecture = config.architecture();
        boolean decode = workload.phase().equals(Workload.Model.DECODE);
        Fitted fitted = fittingPlan(config, workload.seq(), decode);
        if (fitted == null) {
            emitInvalid(workload, config.layers(), "not even one layer fits a 32-bit memory");
            return Future.succeededFuture();
        }
        ExecutionPlan full = fitted.plan();
        int layers = fitted.layers();
        LOG.info("{}: {}", workload.label(), full.summary());
        ExecutionPlan check = MemoryPlanner.plan(ModelGraphs.forWorkload(ModelConfig.reduced(architecture), CHECK_SEQ,
                decode));
        JsonArray expected = new JsonArray(reference(check.graph()));
        Function<GemmProblem, GeneratedKernel> predicted = gemm -> MatMulSpace.LITE.candidates(profile, gemm.op(),
                gemm.shape(), gemm.epilogue(), spec.threads()).get(0).generate();
        Function<GemmProblem, GeneratedKernel> fixed = gemm -> MatMulSpace.untuned(gemm.op(), gemm.shape(),
                gemm.epilogue(), spec.threads()).generate();
        return tuneGemms(full.graph()).compose(tuned -> {
            Map<Operation, GeneratedKernel> tunedKernels = kernels(full.graph(), predicted);
            tunedKernels.putAll(tuned.kernels());
            ModelPlan jitPlan = new ModelPlan(full, tunedKernels, spec.threads());
            Future<JsonObject> jitfarm = runEngine(workload, config, layers, KernelBench.JITFARM,
                    planCommand(KernelBench.JITFARM, jitPlan, checkPlan(check, predicted, expected)), jitPlan.memoryBytes(),
                    full.weightBytes(), tuned.seconds(), tuned.note(), null);
            Future<JsonObject> handwritten = !spec.baselines().contains(KernelBench.HANDWRITTEN) ? jitfarm
                    : jitfarm.compose(jitOutput -> {
                        ModelPlan fixedPlan = new ModelPlan(full, kernels(full.graph(), fixed), spec.threads());
                        return runEngine(workload, config, layers, KernelBench.HANDWRITTEN,
                                planCommand(KernelBench.HANDWRITTEN, fixedPlan, checkPlan(check, fixed, expected)),
                                fixedPlan.memoryBytes(), full.weightBytes(), null,
                                "every GEMM on one fixed schedule (MatMulSpace.untuned), as a hand-written library",
                                jitOutput).map(jitOutput);
                    });
            return handwritten.compose(jitOutput -> {
                Future<JsonObject> chain = Future.succeededFuture(jitOutput);
                for (String engine : MODEL_BASELINES) {
                    if (spec.baselines().contains(engine)) {
                        JsonObject command = new JsonObject().put("type", "run-model-baseline").put("engine", engine)
                                .put("threads", spec.threads()).put("seed", KernelCommand.SEED)
                                .put("measure", KernelCommand.measure(spec.measure()))
                                .put("graph", GraphJson.of(full.graph()))
                                .put("check", new JsonObject().put("graph", GraphJson.of(check.graph()))
                                        .put("expected", expected));
                        chain = chain.compose(v -> runEngine(workload, config, layers, engine, command, null,
                                full.weightBytes(), null, "the same graph, weights and inputs", jitOutput).map(jitOutput));
                    }
                }
                return chain.mapEmpty();
            });
        });
    }

    /** A {@code run-model} command: one engine's kernels in the plan, with the reduced model to check first. */
    private JsonObject planCommand(String engine, ModelPlan plan, JsonObject check) {
        return new JsonObject().put("type", "run-model").put("engine", engine)
                .put("threads", spec.threads()).put("seed", KernelCommand.SEED)
                .put("measure", KernelCommand.measure(spec.measure()))
                .put("model", plan.toJson()).put("check", check);
    }

    /**
     * The reduced model with the engine's kernel choice and its float64 output. The jitfarm engine's
     * check has the cost model's picks, not tuned kernels: the tuned GEMMs were each checked when tuned.
     */
    private JsonObject checkPlan(ExecutionPlan check, Function<GemmProblem, GeneratedKernel> gemms, JsonArray expected) {
        return new ModelPlan(check, kernels(check.graph(), gemms), spec.threads()).toJson().put("expected", expected);
    }

    private record Fitted(ExecutionPlan plan, int layers) {
    }

    /**
     * The workload's plan with all the model's layers, or as many as fit the memory the kernels can
     * import (Llama 2 7B does not fit a 32-bit memory); null if not one does.
     */
    private Fitted fittingPlan(ModelConfig config, int seq, boolean decode) {
        long limit = (long) TunedMatMul.memory(spec.threads()).maxPages().orElse(ModelPlan.WASM32_PAGES) * ModelPlan.PAGE_BYTES
                - SCRATCH_ALLOWANCE_PER_THREAD * spec.threads();
        for (int layers = config.layers(); layers >= 1; layers--) {
            ExecutionPlan plan = MemoryPlanner.plan(ModelGraphs.forWorkload(config.withLayers(layers), seq, decode));
            if (plan.bytes() <= limit) {
                return new Fitted(plan, layers);
            }
        }
        return null;
    }

    /** The tuned GEMMs, the seconds their tuning took, and what it found. */
    private record TunedGemms(Map<Operation, GeneratedKernel> kernels, double seconds, String note) {
    }

    private Future<TunedGemms> tuneGemms(Graph graph) {
        Map<Operation, GeneratedKernel> tuned = new HashMap<>();
        double[] seconds = {0};
        StringBuilder untunable = new StringBuilder();
        Future<Void> chain = Future.succeededFuture();
        for (GemmProblem gemm : graph.gemmProblems()) {
            KernelProblem problem = new KernelProblem(gemm.op(), gemm.shape(), gemm.epilogue());
            chain = chain.compose(v -> kernelBench.tuneOnly(problem).map(best -> {
                best.ifPresentOrElse(found -> {
                    tuned.put(gemm, found.candidate().generator().get());
                    seconds[0] += found.seconds();
                }, () -> untunable.append(untunable.length() == 0 ? "" : ", ").append(problem));
                return null;
            }));
        }
        return chain.map(v -> new TunedGemms(tuned, seconds[0], String.format("%d distinct GEMM(s) tuned in %.1f s"
                + " (budget %.0f s each)%s", tuned.size(), seconds[0], spec.tuning().budgetS(),
                untunable.length() == 0 ? "" : "; untuned, no valid candidate: " + untunable)));
    }

    /** Every operation's kernel without tuning: GEMMs as {@code gemms} chooses, row ops on their default schedule. */
    private Map<Operation, GeneratedKernel> kernels(Graph graph, Function<GemmProblem, GeneratedKernel> gemms) {
        Map<Operation, GeneratedKernel> kernels = new HashMap<>();
        for (GemmProblem gemm : graph.gemmProblems()) {
            kernels.put(gemm, gemms.apply(gemm));
        }
        for (RowOp op : graph.rowOps()) {
            kernels.put(op, RowOpSpace.byDefault(profile, op, spec.threads()).generate());
        }
        return kernels;
    }

    private static List<Double> reference(Graph graph) {
        double[] values = ReferenceExecutor.run(graph, SeededValues.of(graph, KernelCommand.SEED)).get(graph.outputs().get(0));
        return Arrays.stream(values).boxed().toList();
    }

    /**
     * Sends one engine's command and reports its {@code model_latency}.
     *
     * @param peakBytes  the engine's memory for the model when known (our plans'), else null
     * @param jitOutput  jitfarm's full-size output summary, which the other engines' outputs are compared
     *                   with; null for jitfarm itself
     * @return the answer's full-size output summary (null when it has none)
     */
    private Future<JsonObject> runEngine(Workload.Model workload, ModelConfig config, int layers, String engine,
                                         JsonObject command, Long peakBytes, long weightsBytes, Double tuningS,
                                         String note, JsonObject jitOutput) {
        Function<JsonObject, ModelResult> read = answer -> result(workload, config, layers, engine, answer, peakBytes,
                weightsBytes, tuningS, note, jitOutput);
        Function<String, ModelResult> invalid = why -> read.apply(new JsonObject().put("valid", false).put("error", why));
        JsonObject[] output = {null};
        return kernelBench.answer(command, measurementMs, answer -> {
            output[0] = answer.getJsonObject("output");
            return read.apply(answer);
        }, invalid).map(result -> {
            sink.emit(ResultKind.MODEL_LATENCY, result);
            return output[0];
        });
    }

    private ModelResult result(Workload.Model workload, ModelConfig config, int layers, String engine, JsonObject answer,
                               Long peakBytes, long weightsBytes, Double tuningS, String note, JsonObject jitOutput) {
        boolean valid = answer.getBoolean("valid", false);
        int modelLayers = config.layers();
        String extrapolation = layers == modelLayers ? "" : String.format("; %d of %d layers ran (the rest do not fit"
                + " a 32-bit memory): the whole model's latency is extrapolated as %.2f times these", layers, modelLayers,
                (double) modelLayers / layers);
        JsonObject output = answer.getJsonObject("output");
        String fullNote = note + "; maxRelError is that of a reduced configuration of the model ("
                + ModelConfig.reduced(config.architecture()).layers() + " layers, hidden 64, seq " + CHECK_SEQ
                + ") against float64" + extrapolation
                + (output == null ? "" : "; full-size output " + output.encode())
                + (output == null || jitOutput == null ? "" : "; " + OutputAgreement.describe(output, jitOutput))
                + (answer.getString("note") == null ? "" : "; " + answer.getString("note"));
        return new ModelResult(workload.label(), workload.seq(), layers, engine, answer.getInteger("threads", spec.threads()),
                answer.getDouble("setupMs"), answer.getDouble("firstRunMs"), valid ? KernelCommand.samples(answer) : List.of(),
                KernelCommand.stats(answer), KernelCommand.number(answer, "maxRelError", Double.NaN), valid,
                valid ? null : answer.getString("error", "invalid"), weightsBytes, peakBytes, tuningS, fullNote);
    }

    private void emitInvalid(Workload.Model workload, int layers, String why) {
        sink.emit(ResultKind.MODEL_LATENCY, new ModelResult(workload.label(), workload.seq(), layers, KernelBench.JITFARM,
                spec.threads(), null, null, List.of(), null, Double.NaN, false, why, null, null, null, null));
    }
}
