package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Loops;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * Plain f32 code for the bottom-right part of C from a first row and column to the last: the whole
 * of C for the scalar kernel, the columns no vector fits for SIMD kernels. i-k-j order keeps every
 * inner access contiguous; each C row is zeroed first because C is overwritten, not accumulated into.
 */
final class ScalarRegion {

    private static final Operand ZERO = Operand.i32(0);
    private static final Operand ONE_FLOAT = Operand.i32(MatMulFunction.FLOAT_BYTES);

    private ScalarRegion() {
    }

    static void emit(MatMulFunction f, Operand firstRow, Operand firstColumn) {
        CodeEmitter code = f.code();
        Local row = f.newLocal(ValType.I32);
        Local depth = f.newLocal(ValType.I32);
        Local cRowStart = f.newLocal(ValType.I32);
        Local cRowEnd = f.newLocal(ValType.I32);
        Local cAddress = f.newLocal(ValType.I32);
        Local aAddress = f.newLocal(ValType.I32);
        Local bRowStart = f.newLocal(ValType.I32);
        Local bAddress = f.newLocal(ValType.I32);
        Local aValue = f.newLocal(ValType.F32);

        Loops.forRange(code, row, firstRow, f.m, 1, () -> {
            f.pushElementAddress(f.c, row, firstColumn, f.n);
            code.localSet(cRowStart);
            f.pushElementAddress(f.c, row, f.n, f.n);
            code.localSet(cRowEnd);
            Loops.forRange(code, cAddress, cRowStart, cRowEnd, MatMulFunction.FLOAT_BYTES,
                    () -> code.localGet(cAddress).f32Const(0).f32Store(0));

            f.pushElementAddress(f.a, row, ZERO, f.k);
            code.localSet(aAddress);
            f.pushElementAddress(f.b, ZERO, firstColumn, f.n);
            code.localSet(bRowStart);
            Loops.forRange(code, depth, ZERO, f.k, 1, () -> {
                code.localGet(aAddress).f32Load(0).localSet(aValue);
                code.localGet(bRowStart).localSet(bAddress);
                Loops.forRange(code, cAddress, cRowStart, cRowEnd, MatMulFunction.FLOAT_BYTES, () -> {
                    code.localGet(cAddress)
                            .localGet(cAddress).f32Load(0)
                            .localGet(aValue).localGet(bAddress).f32Load(0).f32Mul()
                            .f32Add()
                            .f32Store(0);
                    code.addTo(bAddress, ONE_FLOAT);
                });
                code.addTo(aAddress, ONE_FLOAT);
                code.addTo(bRowStart, f.bRowBytes);
            });
        });
    }
}
