package io.jitfarm.jit.wasm;

/** The value types the kernels use, with their binary encoding. */
public enum ValType {
    I32(0x7F),
    F32(0x7D),
    V128(0x7B);

    private final int code;

    ValType(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
