package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.FunctionBuilder;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.MemoryImport;
import io.jitfarm.jit.wasm.ModuleBuilder;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * The module every MatMul generator starts from: an imported memory and one exported function with
 * the {@link CallingConvention#MATMUL_ABC_MKN} signature, whose prologue computes the row strides.
 */
final class MatMulFunction {

    static final int FLOAT_BYTES = Float.BYTES;
    private static final int FLOAT_BYTES_LOG2 = 2;
    private static final String ENTRY_POINT = "matmul";
    private static final CallingConvention CONVENTION = CallingConvention.MATMUL_ABC_MKN;
    private static final MemoryImport MEMORY = MemoryImport.env(1);

    private final ModuleBuilder module = new ModuleBuilder().importMemory(MEMORY);
    private final FunctionBuilder function = module.function(CONVENTION.signature());
    private final CodeEmitter code = function.code();

    final Local a = function.param(0);
    final Local b = function.param(1);
    final Local c = function.param(2);
    final Local m = function.param(3);
    final Local k = function.param(4);
    final Local n = function.param(5);
    /** Bytes from one row of A to the next. */
    final Local aRowBytes = newLocal(ValType.I32);
    /** Bytes from one row of B to the next, and of C, which has as many columns. */
    final Local bRowBytes = newLocal(ValType.I32);

    MatMulFunction() {
        module.exportFunction(ENTRY_POINT, function);
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
        return new GeneratedKernel(variant, module.build(), ENTRY_POINT, CONVENTION, MEMORY);
    }
}
