package io.jitfarm.jit.model;

import io.jitfarm.jit.op.BufferUse;
import io.jitfarm.jit.op.GemmProblem;
import io.jitfarm.jit.op.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kernel call of a graph: an operation, the sizes it is called with, and the tensor behind each
 * pointer parameter. Checked when made: the sizes are those the convention takes, every buffer the
 * call uses has a tensor of the right element type holding at least the elements it uses, no other
 * tensor is bound, and no tensor twice (so no kernel runs in place).
 */
public record Node(String name, Operation operation, Map<String, Integer> sizes, Map<String, Tensor> operands) {

    public Node {
        sizes = Map.copyOf(sizes);
        operands = Map.copyOf(operands);
        if (!sizes.keySet().equals(Set.copyOf(operation.convention().sizeParameters()))) {
            throw new IllegalArgumentException(name + ": sizes " + sizes.keySet() + ", but " + operation.convention()
                    + " takes " + operation.convention().sizeParameters());
        }
        List<BufferUse> uses = operation.buffers(sizes);
        for (BufferUse use : uses) {
            Tensor tensor = operands.get(use.pointer());
            if (tensor == null || tensor.type() != use.type() || tensor.elements() < use.elements()) {
                throw new IllegalArgumentException(name + ": " + use.pointer() + " needs " + use.elements() + " "
                        + use.type() + " elements, bound to " + tensor);
            }
        }
        if (Set.copyOf(operands.values()).size() != operands.size()) {
            throw new IllegalArgumentException(name + ": one tensor bound to two pointers: " + operands);
        }
        if (operands.size() != uses.size()) {
            throw new IllegalArgumentException(name + ": operands " + operands.keySet() + " but the call uses "
                    + uses.stream().map(BufferUse::pointer).toList());
        }
    }

    /** A GEMM node: its sizes are its shape's. */
    public static Node gemm(String name, GemmProblem problem, Map<String, Tensor> operands) {
        return new Node(name, problem, problem.sizes(), operands);
    }

    /** How each operand is used, by tensor, in the convention's order. */
    public Map<Tensor, BufferUse> uses() {
        Map<Tensor, BufferUse> uses = new LinkedHashMap<>();
        for (BufferUse use : operation.buffers(sizes)) {
            uses.put(operands.get(use.pointer()), use);
        }
        return uses;
    }

    public List<Tensor> reads() {
        return uses().entrySet().stream().filter(use -> use.getValue().access() != BufferUse.Access.WRITE)
                .map(Map.Entry::getKey).toList();
    }

    public List<Tensor> writes() {
        return uses().entrySet().stream().filter(use -> use.getValue().access().writes()).map(Map.Entry::getKey).toList();
    }
}
