package io.jitfarm.jit.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.op.BufferUse;
import io.jitfarm.jit.op.GemmProblem;
import io.jitfarm.jit.op.Operation;
import io.jitfarm.jit.op.RowOp;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.rowop.RowOpSpace;
import io.jitfarm.jit.tools.NodeKernels;
import io.jitfarm.jit.tools.NodeMatMul;
import io.jitfarm.jit.tune.MatMulSpace;
import io.jitfarm.jit.tune.Profiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole plans of reduced models (2 to 4 layers, hidden 64, 4 heads, 5 to 7 tokens) run in Node kernel
 * by kernel, each call on every thread in turn, on one memory laid out as the plan says, and the final
 * output compared with the graph run in float64 by {@link ReferenceExecutor} on the same fp32 weights
 * and inputs. Kernels: the best-predicted lite candidate of each GEMM, the unrolled-4 f32x4 schedule of
 * each row op. The arena starts as NaN, so a kernel reading bytes nothing wrote would show.
 *
 * <p>Tolerance: 1e-4 of the output's largest magnitude (max abs error / max |reference|): fp32
 * rounding through a few layers, with LayerNorms and softmaxes in between, stays near 1e-6 of it.
 */
class PlanExecutionTest {

    private static final double TOLERANCE = 1e-4;
    private static final long SEED = 7;
    private static final DeviceProfile PROFILE = Profiles.X86;

    @TempDir
    static Path dir;

    private static Map<String, List<NodeKernels.Outcome>> outcomes;

    record Case(String name, Graph graph, int threads) {
        @Override
        public String toString() {
            return name + ", " + threads + " thread(s)";
        }
    }

    static Stream<Case> cases() {
        ModelConfig bert = new ModelConfig(ModelArchitecture.BERT_BASE, 2, 64, 4, 256, 100, 16);
        ModelConfig roberta = new ModelConfig(ModelArchitecture.ROBERTA_BASE, 2, 64, 4, 256, 100, 16);
        ModelConfig bart = new ModelConfig(ModelArchitecture.BART_BASE, 4, 64, 4, 256, 100, 16);
        ModelConfig t5 = new ModelConfig(ModelArchitecture.T5_SMALL, 2, 64, 4, 128, 100, 16);
        ModelConfig gpt2 = new ModelConfig(ModelArchitecture.GPT2, 2, 64, 4, 256, 100, 16);
        ModelConfig llama = new ModelConfig(ModelArchitecture.LLAMA2_7B, 2, 64, 4, 172, 100, 16);
        return Stream.of(
                new Case("bert seq 7", ModelGraphs.encoder(bert, 7), 0),
                new Case("roberta seq 7", ModelGraphs.encoder(roberta, 7), 0),
                new Case("bart seq 7+5", ModelGraphs.bart(bart, 7, 5), 0),
                new Case("t5 encoder seq 7", ModelGraphs.t5Encoder(t5, 7), 0),
                new Case("gpt2 prefill 7", ModelGraphs.gpt2(gpt2, 0, 7), 0),
                new Case("gpt2 decode after 6", ModelGraphs.gpt2(gpt2, 6, 1), 0),
                new Case("llama prefill 5", ModelGraphs.llama(llama, 0, 5), 0),
                new Case("llama decode after 6", ModelGraphs.llama(llama, 6, 1), 0))
                .flatMap(c -> Stream.of(1, 2).map(threads -> new Case(c.name(), c.graph(), threads)));
    }

    @BeforeAll
    static void runEveryPlan() {
        List<NodeKernels.Job> jobs = cases().map(PlanExecutionTest::job).toList();
        outcomes = NodeKernels.byJob(NodeKernels.run(dir, "plans", jobs, NodeMatMul.RELAXED_SIMD, NodeMatMul.BASELINE_TIER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void thePlanComputesWhatTheFloat64ReferenceDoes(Case c) {
        assertThat(outcomes.get(c.toString())).singleElement().satisfies(outcome -> {
            assertThat(outcome.error()).isNull();
            assertThat(outcome.nonFinite()).isZero();
            assertThat(outcome.maxRelError()).as("%s", outcome).isLessThanOrEqualTo(TOLERANCE);
        });
    }

    private static NodeKernels.Job job(Case c) {
        ExecutionPlan plan = MemoryPlanner.plan(c.graph());
        Map<Tensor, double[]> initial = SeededValues.of(c.graph(), SEED);
        Map<Operation, Integer> kernelIndex = new LinkedHashMap<>();
        List<GeneratedKernel> kernels = new ArrayList<>();
        for (Node node : c.graph().nodes()) {
            kernelIndex.computeIfAbsent(node.operation(), operation -> {
                kernels.add(kernel(operation, c.threads()));
                return kernels.size() - 1;
            });
        }
        long scratchPerThread = kernels.stream().mapToLong(GeneratedKernel::scratchBytesPerThread).max().orElse(0);
        long scratch = plan.bytes();
        int memoryBytes = Math.toIntExact(scratch + scratchPerThread * c.threads());

        List<NodeKernels.Call> calls = new ArrayList<>();
        for (KernelCall call : plan.calls()) {
            for (int thread = 0; thread < c.threads(); thread++) {
                calls.add(new NodeKernels.Call(kernelIndex.get(call.node().operation()),
                        call.arguments(scratch, thread, c.threads())));
            }
        }
        Tensor output = c.graph().outputs().get(0);
        double[] expected = ReferenceExecutor.run(c.graph(), initial).get(output);
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        double[] magnitudes = new double[expected.length];
        Arrays.fill(magnitudes, scale);
        NodeKernels.Run run = new NodeKernels.Run("plan", calls,
                List.of(new NodeKernels.Check(output.name(), Math.toIntExact(plan.offset(output)), expected, magnitudes)));
        return new NodeKernels.Job(c.toString(), image(plan, initial), memoryBytes, c.threads() > 1, kernels, List.of(run));
    }

    /** The GEMM's best-predicted lite candidate; the row op's f32x4 schedule unrolled 4 times. */
    private static GeneratedKernel kernel(Operation operation, int threads) {
        if (operation instanceof GemmProblem gemm) {
            return MatMulSpace.LITE.candidates(PROFILE, gemm.op(), gemm.shape(), gemm.epilogue(), threads).get(0).generate();
        }
        return RowOpSpace.byDefault(PROFILE, (RowOp) operation, threads).generate();
    }

    /** The plan's memory: every weight, input and state tensor at its offset, NaN everywhere else. */
    private static byte[] image(ExecutionPlan plan, Map<Tensor, double[]> initial) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(plan.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < bytes.capacity(); at += Float.BYTES) {
            bytes.putFloat(at, Float.NaN);
        }
        initial.forEach((tensor, values) -> {
            int offset = Math.toIntExact(plan.offset(tensor));
            for (int i = 0; i < values.length; i++) {
                if (tensor.type() == BufferUse.ElementType.I32) {
                    bytes.putInt(offset + i * Integer.BYTES, (int) values[i]);
                } else {
                    bytes.putFloat(offset + i * Float.BYTES, (float) values[i]);
                }
            }
        });
        return bytes.array();
    }
}
