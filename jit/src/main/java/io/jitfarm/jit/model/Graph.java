package io.jitfarm.jit.model;

import io.jitfarm.jit.op.GemmProblem;
import io.jitfarm.jit.op.RowOp;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model as kernel calls in execution order over tensors. Checked when made: weights and inputs are
 * never written, every activation is written by exactly one node before any node reads it, state is
 * only updated, and the outputs are written activations.
 */
public final class Graph {

    private final String name;
    private final List<Tensor> tensors;
    private final List<Node> nodes;
    private final List<Tensor> outputs;

    public Graph(String name, List<Tensor> tensors, List<Node> nodes, List<Tensor> outputs) {
        this.name = name;
        this.tensors = List.copyOf(tensors);
        this.nodes = List.copyOf(nodes);
        this.outputs = List.copyOf(outputs);
        check();
    }

    private void check() {
        Set<Tensor> known = new HashSet<>(tensors);
        Set<Tensor> written = new HashSet<>();
        for (Node node : nodes) {
            for (Tensor read : node.reads()) {
                if (!known.contains(read) || read.kind() == Tensor.Kind.ACTIVATION && !written.contains(read)) {
                    throw new IllegalArgumentException(node.name() + " reads " + read + " before anything writes it");
                }
            }
            for (Tensor write : node.writes()) {
                boolean writable = write.kind() == Tensor.Kind.ACTIVATION && written.add(write)
                        || write.kind() == Tensor.Kind.STATE;
                if (!known.contains(write) || !writable) {
                    throw new IllegalArgumentException(node.name() + " writes " + write + ", a " + write.kind()
                            + (written.contains(write) ? " already written" : ""));
                }
            }
        }
        for (Tensor output : outputs) {
            if (!written.contains(output)) {
                throw new IllegalArgumentException("output " + output + " is not a written activation");
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Tensor> tensors() {
        return tensors;
    }

    public List<Tensor> tensors(Tensor.Kind kind) {
        return tensors.stream().filter(tensor -> tensor.kind() == kind).toList();
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Tensor> outputs() {
        return outputs;
    }

    /** Bytes of all tensors of a kind. */
    public long bytes(Tensor.Kind kind) {
        return tensors(kind).stream().mapToLong(Tensor::bytes).sum();
    }

    /** The distinct GEMM problems, in order of first use: what the tuner tunes, once each. */
    public List<GemmProblem> gemmProblems() {
        Set<GemmProblem> problems = new LinkedHashSet<>();
        for (Node node : nodes) {
            if (node.operation() instanceof GemmProblem problem) {
                problems.add(problem);
            }
        }
        return List.copyOf(problems);
    }

    /** The distinct row ops, in order of first use: one kernel each serves every call. */
    public List<RowOp> rowOps() {
        Set<RowOp> ops = new LinkedHashSet<>();
        for (Node node : nodes) {
            if (node.operation() instanceof RowOp op) {
                ops.add(op);
            }
        }
        return List.copyOf(ops);
    }

    @Override
    public String toString() {
        return name + " (" + nodes.size() + " kernel calls, " + tensors.size() + " tensors)";
    }
}
