package io.jitfarm.jit.model;

import io.jitfarm.jit.op.BufferUse.ElementType;
import java.util.List;

/**
 * A tensor of a model graph: a buffer of fp32 (or i32 ids), row-major. Kernels see only element
 * counts; the shape says what the builder meant. Identity is by id, unique within a graph.
 *
 * @param init what a weight holds: synthetic values, or a rotary table the page computes
 */
public record Tensor(int id, String name, List<Integer> shape, Kind kind, ElementType type, Init init) {

    /** Where a tensor lives and how long: this is what the memory planner needs. */
    public enum Kind {
        /** Constant for the whole model, loaded once; its own region. */
        WEIGHT,
        /** Written by the page before a run, read by the graph; planned like an activation. */
        INPUT,
        /** Written by one node, read by later ones; planned in the activation arena. */
        ACTIVATION,
        /** Kept across runs and updated in place (a KV cache); its own region. */
        STATE
    }

    /** The contents of a weight. */
    public enum Init {
        /** Synthetic weights: only the architecture matters here (see {@link ModelArchitecture}). */
        SYNTHETIC,
        /** cos(angle) of {@link io.jitfarm.jit.op.RowOp.Rotary#angle}, [positions, headDim / 2]. */
        ROTARY_COS,
        ROTARY_SIN
    }

    public Tensor {
        shape = List.copyOf(shape);
        if (shape.isEmpty() || shape.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(name + ": dimensions must be positive: " + shape);
        }
    }

    /** The id alone: tensors are map keys everywhere, and equal tensors have equal ids. */
    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }

    public long elements() {
        return shape.stream().mapToLong(Integer::longValue).reduce(1, Math::multiplyExact);
    }

    /** 4 per element: fp32 and i32 alike. */
    public long bytes() {
        return Math.multiplyExact(elements(), 4);
    }

    /** Rows if viewed as [rows, last dimension]. */
    public int rows() {
        return Math.toIntExact(elements() / shape.get(shape.size() - 1));
    }

    /** The last dimension. */
    public int width() {
        return shape.get(shape.size() - 1);
    }

    @Override
    public String toString() {
        return name + shape;
    }
}
