package io.jitfarm.jit.wasm;

import java.util.List;

/** A function signature; equal signatures share one entry of the type section. */
public record FuncType(List<ValType> params, List<ValType> results) {

    private static final int FUNC_TYPE_TAG = 0x60;

    public FuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** A signature that returns nothing, as kernels that write their results to memory have. */
    public static FuncType procedure(List<ValType> params) {
        return new FuncType(params, List.of());
    }

    void writeTo(ByteSink out) {
        out.u8(FUNC_TYPE_TAG);
        writeVector(out, params);
        writeVector(out, results);
    }

    private static void writeVector(ByteSink out, List<ValType> types) {
        out.u32(types.size());
        types.forEach(type -> out.u8(type.code()));
    }
}
