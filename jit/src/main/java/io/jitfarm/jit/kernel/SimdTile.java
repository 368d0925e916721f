package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Loops;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * One register tile of C: {@code rows} x {@code vectors} f32x4 accumulators, filled over the whole K
 * dimension and stored once. Per step of K it loads one row segment of B as vectors and broadcasts
 * one A element per row, so each loaded value is reused across the tile.
 */
record SimdTile(int rows, int vectors) {

    static final int LANES = 4;
    private static final int VECTOR_BYTES = LANES * MatMulFunction.FLOAT_BYTES;
    private static final Operand ZERO = Operand.i32(0);

    SimdTile {
        if (rows < 1 || vectors < 1) {
            throw new IllegalArgumentException("a tile needs at least one row and one vector: " + rows + "x" + vectors);
        }
    }

    int columns() {
        return vectors * LANES;
    }

    /** Emits the tile whose top-left element of C is at ({@code row}, {@code column}). */
    void emit(MatMulFunction f, Local row, Local column) {
        CodeEmitter code = f.code();
        Local[][] accumulators = new Local[rows][];
        Local[] bVectors = newLocals(f, vectors, ValType.V128);
        Local aBroadcast = f.newLocal(ValType.V128);
        Local[] aAddresses = newLocals(f, rows, ValType.I32);
        Local bAddress = f.newLocal(ValType.I32);
        Local cAddress = f.newLocal(ValType.I32);
        Local depth = f.newLocal(ValType.I32);

        for (int r = 0; r < rows; r++) {
            accumulators[r] = newLocals(f, vectors, ValType.V128);
            for (Local accumulator : accumulators[r]) {
                code.v128Const(new byte[VECTOR_BYTES]).localSet(accumulator);
            }
        }
        f.pushElementAddress(f.a, row, ZERO, f.k);
        code.localSet(aAddresses[0]);
        for (int r = 1; r < rows; r++) {
            code.localGet(aAddresses[r - 1]).localGet(f.aRowBytes).i32Add().localSet(aAddresses[r]);
        }
        f.pushElementAddress(f.b, ZERO, column, f.n);
        code.localSet(bAddress);

        Loops.forRange(code, depth, ZERO, f.k, 1, () -> {
            for (int v = 0; v < vectors; v++) {
                code.localGet(bAddress).v128Load(v * VECTOR_BYTES).localSet(bVectors[v]);
            }
            for (int r = 0; r < rows; r++) {
                code.localGet(aAddresses[r]).v128Load32Splat(0).localSet(aBroadcast);
                for (int v = 0; v < vectors; v++) {
                    code.localGet(accumulators[r][v])
                            .localGet(aBroadcast).localGet(bVectors[v]).f32x4Mul()
                            .f32x4Add()
                            .localSet(accumulators[r][v]);
                }
                code.addTo(aAddresses[r], Operand.i32(MatMulFunction.FLOAT_BYTES));
            }
            code.addTo(bAddress, f.bRowBytes);
        });

        f.pushElementAddress(f.c, row, column, f.n);
        code.localSet(cAddress);
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                code.addTo(cAddress, f.bRowBytes);
            }
            for (int v = 0; v < vectors; v++) {
                code.localGet(cAddress).localGet(accumulators[r][v]).v128Store(v * VECTOR_BYTES);
            }
        }
    }

    private static Local[] newLocals(MatMulFunction f, int count, ValType type) {
        Local[] locals = new Local[count];
        for (int i = 0; i < count; i++) {
            locals[i] = f.newLocal(type);
        }
        return locals;
    }
}
