package io.jitfarm.jit.rowop;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * A matrix transpose, as output rows: output row c is input column c, read with a stride of one input
 * row and stored contiguously; a vector is gathered lane by lane (load32_zero, then load32_lane).
 * A thread's output rows are neighbouring input columns, so the input lines one row reads are read
 * again by the next 15 (16 floats to a 64-byte line) while, for attention's few hundred tokens, they
 * are still in L1.
 */
final class TransposeRows {

    private TransposeRows() {
    }

    static void transpose(RowKernel kernel) {
        CodeEmitter code = kernel.code();
        Local rows = kernel.param("rows");
        Local inputRowBytes = kernel.let(RowKernel.floatBytes(kernel.param("cols")));
        Local outputRowBytes = kernel.let(RowKernel.floatBytes(rows));
        kernel.forEachRow(kernel.param("cols"), column -> {
            Local from = kernel.let(RowKernel.address(kernel.param("xPtr"), column, Operand.i32(Float.BYTES)));
            ElementLoop loop = kernel.elementLoop();
            Local to = loop.stream(RowKernel.address(kernel.param("outPtr"), column, outputRowBytes));
            loop.run(rows, (lanes, offset, step) -> {
                code.localGet(to);
                if (lanes.width() == 1) {
                    code.localGet(from).f32Load(0);
                } else {
                    Local gathered = kernel.newLocal(ValType.V128);
                    code.localGet(from).v128Load32Zero(0).localSet(gathered);
                    for (int lane = 1; lane < lanes.width(); lane++) {
                        code.addTo(from, inputRowBytes);
                        code.localGet(from).localGet(gathered).v128Load32Lane(0, lane).localSet(gathered);
                    }
                    code.localGet(gathered);
                }
                code.addTo(from, inputRowBytes);
                lanes.store(code, offset);
            });
        });
    }
}
