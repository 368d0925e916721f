package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * One register tile of a shape-specialized kernel: {@code rows} x {@code columns} of C held in f32x4
 * accumulators across one K block. Like {@link SimdTile} it loads a row segment of B as vectors and
 * broadcasts one A element per row, but every stride is a constant here, so row and unrolled-step
 * displacements become memarg offsets and the k loop only advances two pointers. A width that is
 * not a multiple of 4 ends in a partial vector (see {@link VectorLanes}).
 *
 * @param aRowBytes bytes between rows of A (4K)
 * @param bRowBytes bytes between consecutive k of B: 4N in place, 4nr in a packed panel
 * @param cRowBytes bytes between rows of C (4N)
 * @param bPadded   whether B's rows are padded to whole vectors (packed panels), so its loads are never partial
 */
record MicroKernel(int rows, int columns, int aRowBytes, int bRowBytes, int cRowBytes, boolean bPadded, int unroll,
                   boolean fma, Epilogue epilogue) {

    MicroKernel(int rows, int columns, int aRowBytes, int bRowBytes, int cRowBytes, boolean bPadded, int unroll,
                boolean fma) {
        this(rows, columns, aRowBytes, bRowBytes, cRowBytes, bPadded, unroll, fma, Epilogue.NONE);
    }

    private static final byte[] ZERO_VECTOR = new byte[VectorLanes.BYTES];

    /** Computes the tile whose A row, B row segment and C element are at the given addresses. */
    void emit(KernelFunction f, Local aTile, Local bTile, Local cTile, ReductionBlock block) {
        emit(f, aTile, bTile, cTile, null, block);
    }

    /**
     * As {@link #emit(KernelFunction, Local, Local, Local, ReductionBlock)}, applying the epilogue (whose
     * bias for the tile's first column is at {@code biasTile}) before the stores of the last K block;
     * earlier K blocks store plain partial sums.
     */
    void emit(KernelFunction f, Local aTile, Local bTile, Local cTile, Local biasTile, ReductionBlock block) {
        CodeEmitter code = f.code();
        int vectors = VectorLanes.vectorsFor(columns);
        Local[][] sums = new Local[rows][vectors];
        for (Local[] row : sums) {
            for (int v = 0; v < vectors; v++) {
                row[v] = f.newLocal(ValType.V128);
            }
        }
        Local[] bVectors = new Local[vectors];
        for (int v = 0; v < vectors; v++) {
            bVectors[v] = f.newLocal(ValType.V128);
        }
        Local aBroadcast = f.newLocal(ValType.V128);
        Local a = f.newLocal(ValType.I32);
        Local b = f.newLocal(ValType.I32);
        Local aEnd = f.newLocal(ValType.I32);

        if (block.mayContinue()) {
            code.localGet(block.start()).i32Eqz().ifElse(() -> zero(code, sums), () -> loadC(code, cTile, sums));
        } else {
            zero(code, sums);
        }
        code.localGet(aTile).localSet(a).localGet(bTile).localSet(b);
        code.localGet(a).localGet(block.bytes()).i32Add().localSet(aEnd);
        // An exit test after every unrolled step, not only at the end: TurboFan places a basic block's
        // loads before its arithmetic, so without a branch between steps all their B vectors and A
        // broadcasts would be live at once and spill. The branch pins each step's madds before the next
        // step's loads (as TurboFan's own unrolling does), and makes a remainder loop unnecessary.
        code.block(done -> code.loop(next -> {
            for (int step = 0; step < unroll; step++) {
                kStep(code, a, b, step, sums, bVectors, aBroadcast);
                if (step < unroll - 1) {
                    code.localGet(a).i32Const((step + 1) * Float.BYTES).i32Add().localGet(aEnd).i32GeU().brIf(done);
                }
            }
            code.addTo(a, Operand.i32(unroll * Float.BYTES));
            code.addTo(b, Operand.i32(unroll * bRowBytes));
            code.localGet(a).localGet(aEnd).i32LtU().brIf(next);
        }));
        if (epilogue.isNone()) {
            store(code, cTile, sums);
        } else if (!block.mayContinue()) {
            new EpilogueEmitter(f, epilogue, fma).apply(sums, columns, biasTile);
            store(code, cTile, sums);
        } else {
            code.localGet(block.end()).i32Const(block.depth()).i32Eq().ifElse(() -> {
                new EpilogueEmitter(f, epilogue, fma).apply(sums, columns, biasTile);
                store(code, cTile, sums);
            }, () -> store(code, cTile, sums));
        }
    }

    private void store(CodeEmitter code, Local cTile, Local[][] sums) {
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < sums[r].length; v++) {
                VectorLanes.ofVector(v, columns).store(code, cTile, r * cRowBytes + v * VectorLanes.BYTES, sums[r][v]);
            }
        }
    }

    /** sums += A[rows, k] x B[k, columns] for the k {@code step} elements past the pointers. */
    private void kStep(CodeEmitter code, Local a, Local b, int step, Local[][] sums, Local[] bVectors, Local aBroadcast) {
        for (int v = 0; v < bVectors.length; v++) {
            VectorLanes lanes = bPadded ? VectorLanes.full() : VectorLanes.ofVector(v, columns);
            lanes.load(code, b, step * bRowBytes + v * VectorLanes.BYTES);
            code.localSet(bVectors[v]);
        }
        for (int r = 0; r < rows; r++) {
            code.localGet(a).v128Load32Splat(r * aRowBytes + step * Float.BYTES).localSet(aBroadcast);
            for (int v = 0; v < bVectors.length; v++) {
                if (fma) {
                    code.localGet(aBroadcast).localGet(bVectors[v]).localGet(sums[r][v]).f32x4RelaxedMadd();
                } else {
                    code.localGet(sums[r][v]).localGet(aBroadcast).localGet(bVectors[v]).f32x4Mul().f32x4Add();
                }
                code.localSet(sums[r][v]);
            }
        }
    }

    private static void zero(CodeEmitter code, Local[][] sums) {
        for (Local[] row : sums) {
            for (Local sum : row) {
                code.v128Const(ZERO_VECTOR).localSet(sum);
            }
        }
    }

    /** Starts from the partial sums earlier K blocks left in C. */
    private void loadC(CodeEmitter code, Local cTile, Local[][] sums) {
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < sums[r].length; v++) {
                VectorLanes.ofVector(v, columns).load(code, cTile, r * cRowBytes + v * VectorLanes.BYTES);
                code.localSet(sums[r][v]);
            }
        }
    }
}
