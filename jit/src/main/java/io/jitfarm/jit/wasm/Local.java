package io.jitfarm.jit.wasm;

/** A parameter or declared local of one function, addressed by its index in that function. */
public record Local(int index, ValType type) implements Operand {

    @Override
    public void push(CodeEmitter code) {
        code.localGet(this);
    }
}
