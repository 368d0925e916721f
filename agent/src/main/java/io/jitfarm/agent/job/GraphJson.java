package io.jitfarm.agent.job;

import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.model.Graph;
import io.jitfarm.jit.model.Node;
import io.jitfarm.jit.model.Tensor;
import io.jitfarm.jit.op.GemmProblem;
import io.jitfarm.jit.op.RowOp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * A model graph as the page reads it, for every engine that runs the model there (our plan, and the
 * ONNX Runtime Web and TensorFlow.js baselines built from the same graph):
 * <pre>{@code
 * {"name": "bert-base-s384",
 *  "tensors": [{"id": 0, "name": "layer0.q.w", "shape": [768, 768], "kind": "weight",
 *               "type": "f32", "init": "synthetic"}, ...],
 *  "nodes": [{"name": "layer0.q", "op": "linear", "sizes": {"M": 384, "K": 768, "N": 768},
 *             "operands": {"aPtr": 3, "wPtr": 0, "biasPtr": 1, "cPtr": 7},
 *             "epilogue": {"bias": true, "activation": "none"}}, ...],
 *  "outputs": [212]}
 * }</pre>
 * {@code kind} is weight, input, activation or state (a KV cache); {@code type} f32 or i32;
 * {@code init} (weights only) synthetic, rotary_cos or rotary_sin. A node's {@code op} is its kernel's
 * entry point name (jit's {@code CallingConvention}: matmul, bmm, linear, add, mul, layer_norm,
 * rms_norm, softmax, gelu, silu, rotary, gather, swap_axes, transpose, kv_append), its {@code sizes}
 * the convention's size parameters and its {@code operands} the tensor behind each pointer parameter.
 * What is baked into a kernel comes as parameters: Linear's {@code epilogue}, the norms' {@code eps},
 * softmax's {@code scale} and {@code mask} (none, causal, additive).
 */
public final class GraphJson {

    private GraphJson() {
    }

    public static JsonObject of(Graph graph) {
        JsonArray tensors = new JsonArray();
        for (Tensor tensor : graph.tensors()) {
            JsonObject json = new JsonObject().put("id", tensor.id()).put("name", tensor.name())
                    .put("shape", new JsonArray(tensor.shape())).put("kind", lower(tensor.kind()))
                    .put("type", lower(tensor.type()));
            if (tensor.kind() == Tensor.Kind.WEIGHT) {
                json.put("init", lower(tensor.init()));
            }
            tensors.add(json);
        }
        JsonArray nodes = new JsonArray();
        graph.nodes().forEach(node -> nodes.add(node(node)));
        return new JsonObject().put("name", graph.name()).put("tensors", tensors).put("nodes", nodes)
                .put("outputs", new JsonArray(graph.outputs().stream().map(Tensor::id).toList()));
    }

    private static JsonObject node(Node node) {
        JsonObject operands = new JsonObject();
        node.operands().forEach((pointer, tensor) -> operands.put(pointer, tensor.id()));
        JsonObject json = new JsonObject().put("name", node.name())
                .put("op", node.operation().convention().entryPoint())
                .put("sizes", new JsonObject(Map.copyOf(node.sizes())))
                .put("operands", operands);
        // Java 17: no pattern switch; the other row ops bake nothing into their kernels
        if (node.operation() instanceof GemmProblem gemm && !gemm.epilogue().isNone()) {
            Epilogue epilogue = gemm.epilogue();
            json.put("epilogue", new JsonObject().put("bias", epilogue.bias())
                    .put("activation", epilogue.activation().id()));
        } else if (node.operation() instanceof RowOp.LayerNorm norm) {
            json.put("eps", (double) norm.eps());
        } else if (node.operation() instanceof RowOp.RmsNorm norm) {
            json.put("eps", (double) norm.eps());
        } else if (node.operation() instanceof RowOp.Softmax softmax) {
            json.put("scale", (double) softmax.scale()).put("mask", softmax.mask().id());
        }
        return json;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
