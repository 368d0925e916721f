package io.jitfarm.agent.job;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.model.ExecutionPlan;
import io.jitfarm.jit.model.KernelCall;
import io.jitfarm.jit.model.MemoryPlanner;
import io.jitfarm.jit.model.Tensor;
import io.jitfarm.jit.op.Operation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An execution plan with a kernel for each of its operations, as {@code run-model} carries it
 * (harness-page model-runner.js): the graph, one memory of the plan's bytes plus every thread's
 * scratch after them, where the weights, inputs and state go (the page fills them from the seed),
 * the output, the distinct modules, and every call's i32 arguments per thread.
 */
record ModelPlan(ExecutionPlan plan, Map<Operation, GeneratedKernel> kernels, int threads) {

    static final long PAGE_BYTES = 65536;
    /** The pages of a 32-bit memory: the limit of a memory whose kernels import no maximum. */
    static final int WASM32_PAGES = 65536;

    ModelPlan {
        kernels = Map.copyOf(kernels);
    }

    /** Where thread 0's scratch starts: right after the plan's tensors. */
    long scratchPtr() {
        return MemoryPlanner.ALIGNMENT * ((plan.bytes() + MemoryPlanner.ALIGNMENT - 1) / MemoryPlanner.ALIGNMENT);
    }

    /** The memory's size: tensors, then each thread's scratch. */
    long memoryBytes() {
        long scratchPerThread = kernels.values().stream().mapToLong(GeneratedKernel::scratchBytesPerThread).max().orElse(0);
        return scratchPtr() + scratchPerThread * threads;
    }

    JsonObject toJson() {
        Map<GeneratedKernel, Integer> indices = new LinkedHashMap<>();
        JsonArray calls = new JsonArray();
        for (KernelCall call : plan.calls()) {
            GeneratedKernel kernel = kernels.get(call.node().operation());
            int index = indices.computeIfAbsent(kernel, k -> indices.size());
            JsonArray args = new JsonArray();
            for (int thread = 0; thread < threads; thread++) {
                args.add(new JsonArray(toList(call.arguments(scratchPtr(), thread, threads))));
            }
            calls.add(new JsonObject().put("kernel", index).put("args", args));
        }
        JsonArray modules = new JsonArray();
        indices.keySet().forEach(kernel -> modules.add(new JsonObject().put("entryPoint", kernel.entryPoint())
                .put("convention", kernel.convention().name()).put("variant", kernel.variant())
                .put("module", Base64.getEncoder().encodeToString(kernel.module()))));
        JsonObject offsets = new JsonObject();
        plan.offsets().forEach((tensor, offset) -> {
            if (tensor.kind() != Tensor.Kind.ACTIVATION) {
                offsets.put(Integer.toString(tensor.id()), offset);
            }
        });
        Tensor output = plan.graph().outputs().get(0);
        return new JsonObject().put("graph", GraphJson.of(plan.graph())).put("memory", memory(indices.keySet()))
                .put("offsets", offsets)
                .put("output", new JsonObject().put("ptr", plan.offset(output)).put("elements", output.elements()))
                .put("kernels", modules).put("calls", calls);
    }

    /** Pages enough for the plan; shared (with the kernels' maximum) when the kernels import a shared memory. */
    private JsonObject memory(Iterable<GeneratedKernel> used) {
        long pages = (memoryBytes() + PAGE_BYTES - 1) / PAGE_BYTES;
        boolean shared = false;
        OptionalInt maximum = OptionalInt.empty();
        for (GeneratedKernel kernel : used) {
            pages = Math.max(pages, kernel.memory().minPages());
            shared |= kernel.memory().shared();
            if (kernel.memory().maxPages().isPresent()) {
                maximum = OptionalInt.of(Math.min(maximum.orElse(Integer.MAX_VALUE), kernel.memory().maxPages().getAsInt()));
            }
        }
        if (maximum.isPresent() && maximum.getAsInt() < pages) {
            throw new IllegalArgumentException(plan.graph().name() + " needs " + pages + " pages; its kernels import at most "
                    + maximum.getAsInt());
        }
        return new JsonObject().put("initial", pages).put("maximum", maximum.isPresent() ? maximum.getAsInt() : null)
                .put("shared", shared);
    }

    private static List<Integer> toList(int[] values) {
        List<Integer> list = new ArrayList<>(values.length);
        for (int value : values) {
            list.add(value);
        }
        return list;
    }
}
