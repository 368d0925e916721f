package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.Operand;

/** The baseline: MatMul in plain f32 loops, no SIMD. */
public final class ScalarMatMul {

    static final String VARIANT = "scalar";

    private ScalarMatMul() {
    }

    public static GeneratedKernel generate() {
        MatMulFunction f = new MatMulFunction();
        ScalarRegion.emit(f, Operand.i32(0), Operand.i32(0));
        return f.finish(VARIANT);
    }
}
