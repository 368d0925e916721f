package io.jitfarm.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.model.ExecutionPlan;
import io.jitfarm.jit.model.Graph;
import io.jitfarm.jit.model.MemoryPlanner;
import io.jitfarm.jit.model.ModelArchitecture;
import io.jitfarm.jit.model.ModelConfig;
import io.jitfarm.jit.model.ModelGraphs;
import io.jitfarm.jit.model.Tensor;
import io.jitfarm.jit.op.Operation;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.rowop.RowOpSpace;
import io.jitfarm.jit.tune.MatMulSpace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code run-model} carries of a plan: checked here, run by the page in ModelBenchTest. */
class ModelPlanTest {
    private static final DeviceProfile PROFILE = new DeviceProfile(16, 32 * 1024, 512 * 1024, false, 1.0, 2,
            List.of(1.0, 1.8));

    private static ModelPlan plan(int threads) {
        Graph graph = ModelGraphs.encoder(ModelConfig.reduced(ModelArchitecture.BERT_BASE), 7);
        Map<Operation, GeneratedKernel> kernels = new HashMap<>();
        graph.gemmProblems().forEach(gemm -> kernels.put(gemm, MatMulSpace.LITE
                .candidates(PROFILE, gemm.op(), gemm.shape(), gemm.epilogue(), threads).get(0).generate()));
        graph.rowOps().forEach(op -> kernels.put(op, RowOpSpace.byDefault(PROFILE, op, threads).generate()));
        return new ModelPlan(MemoryPlanner.plan(graph), kernels, threads);
    }

    @Test
    void everyCallNamesOneOfTheDistinctModulesWithArgumentsPerThread() {
        ModelPlan plan = plan(2);
        JsonObject json = plan.toJson();
        ExecutionPlan execution = plan.plan();
        JsonArray calls = json.getJsonArray("calls");
        assertThat(calls).hasSize(execution.calls().size());
        int distinct = execution.graph().gemmProblems().size() + execution.graph().rowOps().size();
        assertThat(json.getJsonArray("kernels")).hasSize(distinct);
        for (int i = 0; i < calls.size(); i++) {
            JsonObject call = calls.getJsonObject(i);
            assertThat(call.getInteger("kernel")).isBetween(0, distinct - 1);
            JsonArray args = call.getJsonArray("args");
            assertThat(args).hasSize(2);
            assertThat(args.getJsonArray(1).getList()).as("thread 1's arguments").containsExactlyElementsOf(
                    toList(execution.calls().get(i).arguments(plan.scratchPtr(), 1, 2)));
        }
    }

    @Test
    void theMemoryHoldsTheTensorsThenEveryThreadsScratch() {
        JsonObject shared = plan(2).toJson().getJsonObject("memory");
        assertThat(shared.getBoolean("shared")).isTrue();
        assertThat(shared.getInteger("maximum")).isGreaterThanOrEqualTo(shared.getInteger("initial"));
        ModelPlan single = plan(1);
        JsonObject unshared = single.toJson().getJsonObject("memory");
        assertThat(unshared.getBoolean("shared")).isFalse();
        assertThat(unshared.getValue("maximum")).isNull();
        assertThat(unshared.getLong("initial") * ModelPlan.PAGE_BYTES).isGreaterThanOrEqualTo(single.memoryBytes());
        assertThat(single.scratchPtr()).isGreaterThanOrEqualTo(single.plan().bytes());
    }

    @Test
    void offsetsPlaceWhatThePageFillsAndTheOutputIsTheGraphs() {
        ModelPlan plan = plan(1);
        JsonObject json = plan.toJson();
        Graph graph = plan.plan().graph();
        JsonObject offsets = json.getJsonObject("offsets");
        for (Tensor tensor : graph.tensors()) {
            boolean filled = tensor.kind() != Tensor.Kind.ACTIVATION;
            assertThat(offsets.containsKey(Integer.toString(tensor.id()))).as("%s", tensor).isEqualTo(filled);
        }
        Tensor output = graph.outputs().get(0);
        assertThat(json.getJsonObject("output")).isEqualTo(new JsonObject().put("ptr", plan.plan().offset(output))
                .put("elements", output.elements()));
    }

    private static List<Integer> toList(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
