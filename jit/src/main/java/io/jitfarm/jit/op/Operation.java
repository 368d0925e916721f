package io.jitfarm.jit.op;

import io.jitfarm.jit.kernel.CallingConvention;
import java.util.List;
import java.util.Map;

/**
 * What one kernel computes, up to its schedule: a GEMM-like problem the MatMul spaces tune, or a row
 * op. The sizes a call passes are named by {@link CallingConvention#sizeParameters()}; GEMMs bake
 * theirs into the kernel, row ops read them at run time.
 */
public sealed interface Operation permits GemmProblem, RowOp {

    CallingConvention convention();

    /** A stable readable name of the kernel's computation (not of its schedule), e.g. {@code softmax-causal-x0.125}. */
    String id();

    /**
     * The memory each pointer parameter addresses in a call with these sizes, in the convention's order;
     * pointers a kernel does not read (a softmax's mask without an additive mask) are left out.
     */
    List<BufferUse> buffers(Map<String, Integer> sizes);
}
