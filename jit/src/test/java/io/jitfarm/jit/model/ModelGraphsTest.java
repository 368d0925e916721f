package io.jitfarm.jit.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.kernel.Epilogue.Activation;
import io.jitfarm.jit.op.GemmProblem;
import io.jitfarm.jit.op.KernelOp;
import io.jitfarm.jit.op.RowOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model graphs at their published sizes: their GEMMs, their kernels and their plans. */
class ModelGraphsTest {

    private static final Epilogue BIAS = new Epilogue(true, Activation.NONE);

    @Test
    void bertBaseAtSeq384HasTheFiveGemmsOfAnEncoderLayer() {
        Graph bert = ModelGraphs.encoder(ModelConfig.of(ModelArchitecture.BERT_BASE), 384);

        assertThat(bert.gemmProblems()).containsExactly(
                GemmProblem.linear(384, 768, 768, BIAS),
                GemmProblem.batchMatMul(12, 384, 64, 384),
                GemmProblem.batchMatMul(12, 384, 384, 64),
                GemmProblem.linear(384, 768, 3072, new Epilogue(true, Activation.GELU)),
                GemmProblem.linear(384, 3072, 768, BIAS));
        assertThat(bert.nodes()).filteredOn(node -> node.operation() instanceof GemmProblem).hasSize(12 * 8);
    }

    @Test
    void bertBaseWeighsItsPublishedParameterCount() {
        Graph bert = ModelGraphs.encoder(ModelConfig.of(ModelArchitecture.BERT_BASE), 384);

        // Hugging Face's 109,482,240 without the pooler (590,592) and with one token type row of two.
        assertThat(bert.bytes(Tensor.Kind.WEIGHT)).isEqualTo((109_482_240L - 590_592 - 768) * Float.BYTES);
    }

    @Test
    void bertBaseSeq384PlanFigures() {
        ExecutionPlan plan = MemoryPlanner.plan(ModelGraphs.encoder(ModelConfig.of(ModelArchitecture.BERT_BASE), 384));
        System.out.println(plan.summary());
        System.out.printf("bert-base seq 384 bytes: weights %d, activation arena (peak) %d, all activations %d,"
                + " largest live set %d%n", plan.weightBytes(), plan.arenaBytes(), plan.activationBytes(), plan.liveBytes());

        assertThat(plan.arenaBytes()).isLessThanOrEqualTo(plan.liveBytes() * 11 / 10);
        assertThat(PlanChecker.problems(plan)).isEmpty();
    }

    @Test
    void everyModelBuildsAndPlansAtItsPublishedSizes() {
        List<Graph> graphs = List.of(
                ModelGraphs.encoder(ModelConfig.of(ModelArchitecture.ROBERTA_BASE), 384),
                ModelGraphs.bart(ModelConfig.of(ModelArchitecture.BART_BASE), 384, 64),
                ModelGraphs.t5Encoder(ModelConfig.of(ModelArchitecture.T5_SMALL), 256),
                ModelGraphs.gpt2(ModelConfig.of(ModelArchitecture.GPT2), 0, 10),
                ModelGraphs.gpt2(ModelConfig.of(ModelArchitecture.GPT2), 10, 1),
                ModelGraphs.llama(ModelConfig.of(ModelArchitecture.LLAMA2_7B).withLayers(2), 0, 32),
                ModelGraphs.llama(ModelConfig.of(ModelArchitecture.LLAMA2_7B).withLayers(2), 32, 1));

        for (Graph graph : graphs) {
            ExecutionPlan plan = MemoryPlanner.plan(graph);
            System.out.println(plan.summary() + ", " + graph.gemmProblems().size() + " distinct GEMMs, "
                    + graph.rowOps().size() + " row kernels");
            assertThat(PlanChecker.problems(plan)).as(graph.name()).isEmpty();
            assertThat(plan.fitsWasm32()).as(graph.name()).isTrue();
        }
    }

    @Test
    void everyArchitectureHasTheGraphOfAnExperimentsModelWorkload() {
        for (ModelArchitecture architecture : ModelArchitecture.values()) {
            ModelConfig config = architecture == ModelArchitecture.LLAMA2_7B
                    ? ModelConfig.of(architecture).withLayers(1) : ModelConfig.of(architecture);

            Graph graph = ModelGraphs.forWorkload(config, 16);

            assertThat(graph.name()).startsWith(architecture.wireName());
            assertThat(graph.outputs()).singleElement().satisfies(output ->
                    assertThat(output.shape()).containsExactly(16, architecture.hidden()));
        }
    }

    @Test
    void aDecodeStepAttendsOverTheCacheWithOneQuery() {
        Graph step = ModelGraphs.gpt2(ModelConfig.of(ModelArchitecture.GPT2), 10, 1);

        assertThat(step.gemmProblems()).contains(GemmProblem.batchMatMul(12, 1, 64, 11),
                GemmProblem.batchMatMul(12, 1, 11, 64), GemmProblem.linear(1, 768, 768, BIAS));
        assertThat(step.tensors(Tensor.Kind.STATE)).hasSize(24).allSatisfy(cache ->
                assertThat(cache.shape()).containsExactly(1024, 768));
        assertThat(step.nodes()).filteredOn(node -> node.operation() instanceof RowOp.Softmax)
                .allSatisfy(softmax -> assertThat(softmax.sizes()).containsEntry("causalOffset", 10).containsEntry("queries", 1));
    }

    @Test
    void prefillAndEveryDecodeStepLayOutWeightsAndCachesAlike() {
        ModelConfig gpt2 = ModelConfig.of(ModelArchitecture.GPT2);
        ExecutionPlan prefill = MemoryPlanner.plan(ModelGraphs.gpt2(gpt2, 0, 10));
        ExecutionPlan decode = MemoryPlanner.plan(ModelGraphs.gpt2(gpt2, 10, 1));

        for (Tensor.Kind kind : List.of(Tensor.Kind.WEIGHT, Tensor.Kind.STATE)) {
            assertThat(decode.graph().tensors(kind)).extracting(decode::offset)
                    .isEqualTo(prefill.graph().tensors(kind).stream().map(prefill::offset).toList());
        }
    }

    @Test
    void llamaUsesRotaryAndAGatedMlpWithoutBiases() {
        Graph llama = ModelGraphs.llama(ModelConfig.of(ModelArchitecture.LLAMA2_7B).withLayers(1), 0, 8);

        assertThat(llama.rowOps()).contains(new RowOp.Rotary(), new RowOp.Silu(), new RowOp.Mul(), new RowOp.RmsNorm(1e-5f));
        assertThat(llama.gemmProblems()).contains(GemmProblem.linear(8, 4096, 11008, Epilogue.NONE),
                GemmProblem.linear(8, 11008, 4096, Epilogue.NONE), GemmProblem.batchMatMul(32, 8, 128, 8));
        assertThat(llama.gemmProblems()).allSatisfy(problem -> assertThat(problem.epilogue().bias()).isFalse());
        assertThat(llama.gemmProblems()).extracting(GemmProblem::op).contains(KernelOp.LINEAR, KernelOp.BATCH_MATMUL);
    }
}
