package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Operand;

/** Integer expressions the kernels' loop bounds need and the instruction set lacks. */
public final class Arithmetic {

    private Arithmetic() {
    }

    /** Pushes the unsigned minimum of two operands; each is pushed twice, so they must be cheap (locals, constants). */
    public static void pushMin(CodeEmitter code, Operand x, Operand y) {
        code.push(x).push(y).push(x).push(y).i32LtU().select();
    }

    /** Pushes the unsigned maximum of two cheap operands. */
    static void pushMax(CodeEmitter code, Operand x, Operand y) {
        code.push(x).push(y).push(x).push(y).i32GeU().select();
    }
}
