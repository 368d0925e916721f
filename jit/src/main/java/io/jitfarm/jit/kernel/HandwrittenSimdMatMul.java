package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Loops;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * The untuned SIMD128 reference: 4 x 8 register tiles (8 accumulators) with plain f32x4.mul and
 * f32x4.add, so it runs wherever SIMD128 does. Edges: a 4-column tile when N % 8 >= 4, one-row
 * tiles for the last M % 4 rows, and scalar code for the last N % 4 columns.
 */
public final class HandwrittenSimdMatMul {

    static final String VARIANT = "simd-4x8";

    private static final SimdTile BLOCK = new SimdTile(4, 2);
    private static final SimdTile BLOCK_NARROW = new SimdTile(BLOCK.rows(), 1);
    private static final SimdTile ROW = new SimdTile(1, BLOCK.vectors());
    private static final SimdTile ROW_NARROW = new SimdTile(1, 1);

    private HandwrittenSimdMatMul() {
    }

    public static GeneratedKernel generate() {
        MatMulFunction f = new MatMulFunction();
        CodeEmitter code = f.code();
        Local blockRows = f.roundedDown(f.m, BLOCK.rows());
        Local wideColumns = f.roundedDown(f.n, BLOCK.columns());
        Local vectorColumns = f.roundedDown(f.n, SimdTile.LANES);
        Local row = f.newLocal(ValType.I32);
        Local column = f.newLocal(ValType.I32);

        Loops.forRange(code, row, Operand.i32(0), blockRows, BLOCK.rows(),
                () -> sweepColumns(f, row, column, BLOCK, BLOCK_NARROW, wideColumns, vectorColumns));
        Loops.whileBelow(code, row, f.m, ROW.rows(),
                () -> sweepColumns(f, row, column, ROW, ROW_NARROW, wideColumns, vectorColumns));
        ScalarRegion.emit(f, Operand.i32(0), vectorColumns);
        return f.finish(VARIANT);
    }

    /** Wide tiles up to {@code wideColumns}, then narrow ones up to {@code vectorColumns}. */
    private static void sweepColumns(MatMulFunction f, Local row, Local column, SimdTile wide, SimdTile narrow,
            Local wideColumns, Local vectorColumns) {
        CodeEmitter code = f.code();
        Loops.forRange(code, column, Operand.i32(0), wideColumns, wide.columns(), () -> wide.emit(f, row, column));
        Loops.whileBelow(code, column, vectorColumns, narrow.columns(), () -> narrow.emit(f, row, column));
    }
}
