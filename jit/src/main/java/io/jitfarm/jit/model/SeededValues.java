package io.jitfarm.jit.model;

import io.jitfarm.jit.op.BufferUse;
import io.jitfarm.jit.op.RowOp;
import java.util.HashMap;
import java.util.Map;

/**
 * The contents of a graph's weights, inputs and state drawn from a seed exactly as the harness page
 * draws them (harness-page/web/model-values.js), so a float64 reference computed here checks what the
 * page ran without shipping any weights. Each tensor has its own mulberry32 stream, seeded with
 * {@code seed + id * 0x9E3779B9} (32-bit), so the order tensors are filled in does not matter. Scales
 * keep activations near 1 through the layers: matrices uniform in +-1/sqrt(rows) (the usual init),
 * norm scales near 1, biases small, embeddings and other inputs uniform in +-1. Ids are uniform over
 * the rows of the table they index; attention masks hide the last key (-1e9); rotary tables hold
 * their cos and sin. Values are rounded to fp32 as kernels see them.
 */
public final class SeededValues {

    private static final double MASKED = -1e9;
    private static final int STREAM_STRIDE = 0x9E3779B9;

    private SeededValues() {
    }

    /** Every weight, input and state tensor's contents. */
    public static Map<Tensor, double[]> of(Graph graph, long seed) {
        Map<Tensor, Integer> idBounds = idBounds(graph);
        Map<Tensor, double[]> values = new HashMap<>();
        for (Tensor tensor : graph.tensors()) {
            if (tensor.kind() != Tensor.Kind.ACTIVATION) {
                values.put(tensor, contents(tensor, idBounds.get(tensor), (int) seed + tensor.id() * STREAM_STRIDE));
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

    private static double[] contents(Tensor tensor, Integer idBound, int streamSeed) {
        Mulberry32 random = new Mulberry32(streamSeed);
        double[] values = new double[Math.toIntExact(tensor.elements())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) value(tensor, i, idBound, random);
        }
        return values;
    }

    private static double value(Tensor tensor, int i, Integer idBound, Mulberry32 random) {
        if (tensor.type() == BufferUse.ElementType.I32) {
            return Integer.remainderUnsigned(random.next(), idBound);
        } else if (tensor.init() != Tensor.Init.SYNTHETIC) {
            int half = tensor.width();
            double angle = RowOp.Rotary.angle(i / half, i % half, 2 * half);
            return tensor.init() == Tensor.Init.ROTARY_COS ? Math.cos(angle) : Math.sin(angle);
        } else if (tensor.name().equals("attention_mask")) {
            return i == tensor.elements() - 1 ? MASKED : 0;
        }
        double uniform = random.uniformSigned();
        if (tensor.kind() != Tensor.Kind.WEIGHT) {
            return uniform;
        } else if (tensor.name().endsWith("norm.weight")) {
            return 1 + 0.1 * uniform;
        } else if (tensor.shape().size() == 1) {
            return 0.1 * uniform;
        }
        return tensor.name().contains("embeddings") ? uniform : uniform / Math.sqrt(tensor.shape().get(0));
    }

    /** The page's generator (prng.js): same stream for the same seed. */
    static final class Mulberry32 {
        private int state;

        Mulberry32(int seed) {
            state = seed;
        }

        int next() {
            state += 0x6D2B79F5;
            int t = state;
            t = (t ^ (t >>> 15)) * (t | 1);
            t ^= t + (t ^ (t >>> 7)) * (t | 61);
            return t ^ (t >>> 14);
        }

        /** Uniform in [-1, 1) from the top 24 bits, as prng.js's fillUniformSigned. */
        double uniformSigned() {
            return (next() >>> 8) / (double) 0x800000 - 1;
        }
    }
}
