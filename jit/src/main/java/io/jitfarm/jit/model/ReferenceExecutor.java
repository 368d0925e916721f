package io.jitfarm.jit.model;

import io.jitfarm.jit.op.BufferUse;
import io.jitfarm.jit.op.Float64Reference;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a graph in float64, node by node, with {@link Float64Reference}: the reference plans are checked
 * against. Straightforward loops, so small configurations only (a few layers, hidden 64, short
 * sequences).
 */
public final class ReferenceExecutor {

    private ReferenceExecutor() {
    }

    /**
     * Runs {@code graph} from {@code initial}, the contents of every weight, input and state tensor (as
     * the kernels see them: fp32 values, ids as integral doubles), and returns every tensor's contents
     * after the run: activations as computed, state as updated.
     */
    public static Map<Tensor, double[]> run(Graph graph, Map<Tensor, double[]> initial) {
        Map<Tensor, double[]> values = new HashMap<>(initial);
        for (Node node : graph.nodes()) {
            Map<String, double[]> inputs = new HashMap<>();
            node.uses().forEach((tensor, use) -> {
                if (use.access() != BufferUse.Access.WRITE) {
                    double[] contents = values.get(tensor);
                    if (contents == null) {
                        throw new IllegalArgumentException(node.name() + " reads " + tensor + ", which has no value");
                    }
                    inputs.put(use.pointer(), contents);
                }
            });
            Float64Reference.apply(node.operation(), node.sizes(), inputs)
                    .forEach((pointer, output) -> values.put(node.operands().get(pointer), output.values()));
        }
        return values;
    }
}
