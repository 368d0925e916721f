package io.jitfarm.jit.wasm;

/** Something that pushes one value, so helpers can take a local, a constant or an expression alike. */
@FunctionalInterface
public interface Operand {

    void push(CodeEmitter code);

    static Operand i32(int value) {
        return code -> code.i32Const(value);
    }
}
