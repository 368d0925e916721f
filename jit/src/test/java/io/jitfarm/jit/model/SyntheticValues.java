package io.jitfarm.jit.model;

import io.jitfarm.jit.op.BufferUse;
import io.jitfarm.jit.op.RowOp;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded contents for a graph's weights, inputs and state, rounded to fp32 as kernels see them, at
 * scales that keep activations near 1 through the layers: matrices uniform in +-1/sqrt(rows) (the
 * usual init), norm scales near 1, biases small, embeddings and other inputs uniform in +-1. Ids are
 * uniform over the rows of the table they index; attention masks hide the last key (-1e9); rotary
 * tables hold their cos and sin.
 */
final class SyntheticValues {

    private static final double MASKED = -1e9;

    private SyntheticValues() {
    }

    static Map<Tensor, double[]> of(Graph graph, long seed) {
        Random random = new Random(seed);
        Map<Tensor, Integer> idBounds = idBounds(graph);
        Map<Tensor, double[]> values = new HashMap<>();
        for (Tensor tensor : graph.tensors()) {
            if (tensor.kind() != Tensor.Kind.ACTIVATION) {
                values.put(tensor, contents(tensor, idBounds.get(tensor), random));
            }
        }
        return values;
    }

    /** For each i32 input, the rows of the table it indexes. */
    private static Map<Tensor, Integer> idBounds(Graph graph) {
        Map<Tensor, Integer> bounds = new HashMap<>();
        for (Node node : graph.nodes()) {
            if (node.operation() instanceof RowOp.Gather) {
                bounds.put(node.operands().get("idsPtr"), node.sizes().get("tableRows"));
            }
        }
        return bounds;
    }

    private static double[] contents(Tensor tensor, Integer idBound, Random random) {
        double[] values = new double[Math.toIntExact(tensor.elements())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) value(tensor, i, idBound, random);
        }
        return values;
    }

    private static double value(Tensor tensor, int i, Integer idBound, Random random) {
        double uniform = 2 * random.nextDouble() - 1;
        if (tensor.type() == BufferUse.ElementType.I32) {
            return random.nextInt(idBound);
        } else if (tensor.init() != Tensor.Init.SYNTHETIC) {
            int half = tensor.width();
            double angle = RowOp.Rotary.angle(i / half, i % half, 2 * half);
            return tensor.init() == Tensor.Init.ROTARY_COS ? Math.cos(angle) : Math.sin(angle);
        } else if (tensor.name().equals("attention_mask")) {
            return i == tensor.elements() - 1 ? MASKED : 0;
        } else if (tensor.kind() != Tensor.Kind.WEIGHT) {
            return uniform;
        } else if (tensor.name().endsWith("norm.weight")) {
            return 1 + 0.1 * uniform;
        } else if (tensor.shape().size() == 1) {
            return 0.1 * uniform;
        }
        return tensor.name().contains("embeddings") ? uniform : uniform / Math.sqrt(tensor.shape().get(0));
    }
}
