package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.MemoryImport;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * The module the runtime-shape MatMul generators start from: an imported memory and one exported
 * function with the {@link CallingConvention#MATMUL_ABC_MKN} signature, whose prologue computes the
 * row strides.
 */
final class MatMulFunction {

    static final int FLOAT_BYTES = Float.BYTES;
    private static final int FLOAT_BYTES_LOG2 = 2;

    private final KernelFunction function = new KernelFunction(CallingConvention.MATMUL_ABC_MKN, MemoryImport.env(1));
    private final CodeEmitter code = function.code();

    final Local a = function.param("aPtr");
    final Local b = function.param("bPtr");
    final Local c = function.param("cPtr");
    final Local m = function.param("M");
    final Local k = function.param("K");
    final Local n = function.param("N");
    /** Bytes from one row of A to the next. */
    final Local aRowBytes = newLocal(ValType.I32);
    /** Bytes from one row of B to the next, and of C, which has as many columns. */
    final Local bRowBytes = newLocal(ValType.I32);

    MatMulFunction() {
        code.localGet(k).i32Const(FLOAT_BYTES_LOG2).i32Shl().localSet(aRowBytes);
        code.localGet(n).i32Const(FLOAT_BYTES_LOG2).i32Shl().localSet(bRowBytes);
    }

    CodeEmitter code() {
        return code;
    }

    Local newLocal(ValType type) {
        return function.newLocal(type);
    }

    /** Pushes the byte address {@code base + (row * rowLength + column) * 4} of a matrix element. */
    void pushElementAddress(Local base, Operand row, Operand column, Local rowLength) {
        code.localGet(base)
                .push(row).push(rowLength).i32Mul()
                .push(column).i32Add()
                .i32Const(FLOAT_BYTES_LOG2).i32Shl()
                .i32Add();
    }

    /** A new local holding {@code value - value % multiple}: how far full tiles reach. */
    Local roundedDown(Local value, int multiple) {
        Local rounded = newLocal(ValType.I32);
        code.localGet(value).localGet(value).i32Const(multiple).i32RemU().i32Sub().localSet(rounded);
        return rounded;
    }

    GeneratedKernel finish(String variant) {
        return function.finish(variant, 0);
    }
}
