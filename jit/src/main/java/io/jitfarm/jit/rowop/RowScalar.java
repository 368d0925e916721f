package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.Lanes;
import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * A value computed once per row (a mean, a maximum, a reciprocal) that element loops use in every
 * lane: kept as an f32 and, for vector schedules, splatted once into an f32x4 rather than in each
 * iteration.
 */
final class RowScalar {

    private final CodeEmitter code;
    private final Local scalar;
    private final Local vector;

    RowScalar(RowKernel kernel) {
        this.code = kernel.code();
        this.scalar = kernel.newLocal(ValType.F32);
        this.vector = kernel.schedule().vector() ? kernel.newLocal(ValType.V128) : null;
    }

    /** Pops an f32 and makes it the row's value. */
    void set() {
        code.localSet(scalar);
        if (vector != null) {
            code.localGet(scalar).f32x4Splat().localSet(vector);
        }
    }

    /** The value as {@code lanes} wide. */
    Operand in(Lanes lanes) {
        return lanes.width() > 1 ? vector : scalar;
    }
}
