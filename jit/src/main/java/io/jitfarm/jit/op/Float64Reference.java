package io.jitfarm.jit.op;

import java.util.List;
import java.util.Map;

/**
 * What an {@link Operation} computes, in float64 with straightforward loops: the reference kernels are
 * checked against, and that model graphs are executed with to check plans. Small problems only.
 */
public final class Float64Reference {

    /**
     * One output buffer.
     *
     * @param values     the exact-ish result
     * @param magnitudes per element, the scale of the rounding error an fp32 kernel makes: e.g.
     *                   {@code |a| + |b|} for a sum, {@code sum_k |a b|} for a dot product; a
     *                   kernel is judged by {@code |value - reference| / magnitude}
     */
    public record Output(double[] values, double[] magnitudes) {
    }

    private Float64Reference() {
    }

    /**
     * Runs the operation on {@code inputs} (pointer name to the buffer's elements, for every buffer it
     * reads or updates; i32 ids as integral doubles) and returns every buffer it writes or updates.
     */
    public static Map<String, Output> apply(Operation operation, Map<String, Integer> sizes, Map<String, double[]> inputs) {
        if (operation instanceof GemmProblem gemm) {
            return GemmReference.apply(gemm, inputs);
        }
        return RowOpReference.apply((RowOp) operation, sizes, inputs);
    }

    /** The buffer of {@code pointer}, checked to hold at least the elements the call uses. */
    static double[] input(Map<String, double[]> inputs, List<BufferUse> uses, String pointer) {
        double[] values = inputs.get(pointer);
        long needed = uses.stream().filter(use -> use.pointer().equals(pointer)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no buffer " + pointer)).elements();
        if (values == null || values.length < needed) {
            throw new IllegalArgumentException(pointer + " needs " + needed + " elements, got "
                    + (values == null ? "none" : values.length));
        }
        return values;
    }
}
