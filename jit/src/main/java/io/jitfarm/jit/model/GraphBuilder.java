package io.jitfarm.jit.model;

import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.op.BufferUse.ElementType;
import io.jitfarm.jit.op.GemmProblem;
import io.jitfarm.jit.op.RowOp;
import io.jitfarm.jit.op.SoftmaxMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Graph} op by op: each method adds one kernel call and returns the activation it
 * writes, with the call's sizes derived from its operands' shapes. Operands are 2-D views
 * [rows, last dimension] unless a method says otherwise.
 */
public final class GraphBuilder {

    private final String name;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    public GraphBuilder(String name) {
        this.name = name;
    }

    public Tensor weight(String name, int... shape) {
        return tensor(name, Tensor.Kind.WEIGHT, ElementType.F32, Tensor.Init.SYNTHETIC, shape);
    }

    /** A rotary cos or sin table [positions, headDim / 2]. */
    public Tensor rotaryTable(String name, Tensor.Init init, int positions, int headDim) {
        return tensor(name, Tensor.Kind.WEIGHT, ElementType.F32, init, positions, headDim / 2);
    }

    public Tensor input(String name, ElementType type, int... shape) {
        return tensor(name, Tensor.Kind.INPUT, type, Tensor.Init.SYNTHETIC, shape);
    }

    public Tensor state(String name, int... shape) {
        return tensor(name, Tensor.Kind.STATE, ElementType.F32, Tensor.Init.SYNTHETIC, shape);
    }

    /** act(x [M, K] x w [K, N] + bias [N]); {@code bias} may be null. */
    public Tensor linear(String name, Tensor x, Tensor w, Tensor bias, Epilogue.Activation activation) {
        int m = x.rows();
        int k = x.width();
        int n = w.width();
        Tensor out = activation(name, m, n);
        Map<String, Tensor> operands = new HashMap<>(Map.of("aPtr", x, "wPtr", w, "cPtr", out));
        if (bias != null) {
            operands.put("biasPtr", bias);
        }
        add(Node.gemm(name, GemmProblem.linear(m, k, n, new Epilogue(bias != null, activation)), operands));
        return out;
    }

    /** a [B, M, K] x b [B, K, N] per batch: attention's products over heads. */
    public Tensor batchMatMul(String name, Tensor a, Tensor b) {
        int batches = a.shape().get(0);
        int m = a.shape().get(1);
        int k = a.shape().get(2);
        int n = b.shape().get(2);
        Tensor out = activation(name, batches, m, n);
        add(Node.gemm(name, GemmProblem.batchMatMul(batches, m, k, n), Map.of("aPtr", a, "bPtr", b, "cPtr", out)));
        return out;
    }

    /** a + b, b's rows repeating over a's (a bias row, a position bias, a residual). */
    public Tensor add(String name, Tensor a, Tensor b) {
        return binary(name, new RowOp.Add(), a, b);
    }

    public Tensor mul(String name, Tensor a, Tensor b) {
        return binary(name, new RowOp.Mul(), a, b);
    }

    public Tensor layerNorm(String name, Tensor x, Tensor gamma, Tensor beta, float eps) {
        Tensor out = activation(name, x.shape());
        add(new Node(name, new RowOp.LayerNorm(eps), Map.of("rows", x.rows(), "width", x.width()),
                Map.of("xPtr", x, "gammaPtr", gamma, "betaPtr", beta, "outPtr", out)));
        return out;
    }

    public Tensor rmsNorm(String name, Tensor x, Tensor gamma, float eps) {
        Tensor out = activation(name, x.shape());
        add(new Node(name, new RowOp.RmsNorm(eps), Map.of("rows", x.rows(), "width", x.width()),
                Map.of("xPtr", x, "gammaPtr", gamma, "outPtr", out)));
        return out;
    }

    /**
     * Softmax over the last axis of attention scores [heads, queries, keys]; {@code mask} is the
     * additive mask row for {@link SoftmaxMask#ADDITIVE} (else null), {@code causalOffset} the keys
     * before the first query for {@link SoftmaxMask#CAUSAL}.
     */
    public Tensor softmax(String name, Tensor scores, float scale, SoftmaxMask maskMode, Tensor mask, int causalOffset) {
        Tensor out = activation(name, scores.shape());
        Map<String, Tensor> operands = new HashMap<>(Map.of("xPtr", scores, "outPtr", out));
        if (maskMode == SoftmaxMask.ADDITIVE) {
            operands.put("maskPtr", mask);
        }
        add(new Node(name, new RowOp.Softmax(scale, maskMode), Map.of("rows", scores.rows(), "width", scores.width(),
                "queries", scores.shape().get(1), "causalOffset", causalOffset), operands));
        return out;
    }

    public Tensor gelu(String name, Tensor x) {
        return unary(name, new RowOp.Gelu(), x);
    }

    public Tensor silu(String name, Tensor x) {
        return unary(name, new RowOp.Silu(), x);
    }

    /** Rotary embedding of x [tokens, heads x headDim] for tokens at positions from {@code positionOffset}. */
    public Tensor rotary(String name, Tensor x, Tensor cos, Tensor sin, int heads, int positionOffset) {
        Tensor out = activation(name, x.shape());
        int headDim = x.width() / heads;
        add(new Node(name, new RowOp.Rotary(), Map.of("rows", x.rows() * heads, "headDim", headDim, "heads", heads,
                "positionOffset", positionOffset), Map.of("xPtr", x, "cosPtr", cos, "sinPtr", sin, "outPtr", out)));
        return out;
    }

    /** table[ids] for ids [n]: [n, table width]. */
    public Tensor gather(String name, Tensor table, Tensor ids) {
        Tensor out = activation(name, Math.toIntExact(ids.elements()), table.width());
        add(new Node(name, new RowOp.Gather(), Map.of("rows", out.rows(), "width", table.width(), "tableRows", table.rows()),
                Map.of("tablePtr", table, "idsPtr", ids, "outPtr", out)));
        return out;
    }

    /** x viewed as [a, b, d] to [b, a, d], shaped {@code outShape} (e.g. [b, a x d]). */
    public Tensor swapAxes(String name, Tensor x, int a, int b, int d, int... outShape) {
        Tensor out = activation(name, outShape);
        add(new Node(name, new RowOp.SwapAxes(), Map.of("A", a, "B", b, "D", d), Map.of("xPtr", x, "outPtr", out)));
        return out;
    }

    /** x viewed as [rows, cols] to [cols, rows], shaped {@code outShape}. */
    public Tensor transpose(String name, Tensor x, int rows, int cols, int... outShape) {
        Tensor out = activation(name, outShape);
        add(new Node(name, new RowOp.Transpose(), Map.of("rows", rows, "cols", cols), Map.of("xPtr", x, "outPtr", out)));
        return out;
    }

    /** cache[offset + r] = x[r]. */
    public void kvAppend(String name, Tensor x, Tensor cache, int offset) {
        add(new Node(name, new RowOp.KvAppend(), Map.of("rows", x.rows(), "width", x.width(), "offset", offset),
                Map.of("xPtr", x, "cachePtr", cache)));
    }

    public Graph build(Tensor... outputs) {
        return new Graph(name, tensors, nodes, Arrays.asList(outputs));
    }

    private Tensor binary(String name, RowOp op, Tensor a, Tensor b) {
        Tensor out = activation(name, a.shape());
        add(new Node(name, op, Map.of("rows", a.rows(), "width", a.width(), "bRows", b.rows()),
                Map.of("aPtr", a, "bPtr", b, "outPtr", out)));
        return out;
    }

    private Tensor unary(String name, RowOp op, Tensor x) {
        Tensor out = activation(name, x.shape());
        add(new Node(name, op, Map.of("rows", x.rows(), "width", x.width()), Map.of("xPtr", x, "outPtr", out)));
        return out;
    }

    private Tensor activation(String name, List<Integer> shape) {
        return activation(name, shape.stream().mapToInt(Integer::intValue).toArray());
    }

    private Tensor activation(String name, int... shape) {
        return tensor(name, Tensor.Kind.ACTIVATION, ElementType.F32, Tensor.Init.SYNTHETIC, shape);
    }

    private Tensor tensor(String name, Tensor.Kind kind, ElementType type, Tensor.Init init, int... shape) {
        Tensor tensor = new Tensor(tensors.size(), name, Arrays.stream(shape).boxed().toList(), kind, type, init);
        tensors.add(tensor);
        return tensor;
    }

    private void add(Node node) {
        nodes.add(node);
    }
}
