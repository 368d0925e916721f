package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.ValType;

/**
 * Emits an {@link Epilogue} on a register tile's accumulators, in place, just before they are stored.
 *
 * <p>The bias of the tile's columns is loaded once per tile (a partial vector at a right edge, like
 * the tile's other loads) and added to every row. ReLU is {@code f32x4.pmax(x, 0)}. GELU is
 * {@link LaneMath#gelu} (tanh form with a rational tanh: within 2.1e-7 |x| of the float64 formula).
 */
final class EpilogueEmitter {

    private final KernelFunction f;
    private final CodeEmitter code;
    private final Epilogue epilogue;
    private final Lanes lanes;

    EpilogueEmitter(KernelFunction f, Epilogue epilogue, boolean fma) {
        this.f = f;
        this.code = f.code();
        this.epilogue = epilogue;
        this.lanes = Lanes.f32x4(fma);
    }

    /**
     * Applies the epilogue to {@code sums[row][vector]}, a tile {@code columns} wide whose first
     * column's bias is at {@code biasTile} (unused without a bias).
     */
    void apply(Local[][] sums, int columns, Local biasTile) {
        if (epilogue.bias()) {
            Local[] bias = new Local[VectorLanes.vectorsFor(columns)];
            for (int v = 0; v < bias.length; v++) {
                bias[v] = f.newLocal(ValType.V128);
                VectorLanes.ofVector(v, columns).load(code, biasTile, v * VectorLanes.BYTES);
                code.localSet(bias[v]);
            }
            for (Local[] row : sums) {
                for (int v = 0; v < row.length; v++) {
                    code.localGet(row[v]).localGet(bias[v]).f32x4Add().localSet(row[v]);
                }
            }
        }
        switch (epilogue.activation()) {
            case NONE -> { }
            case RELU -> {
                for (Local[] row : sums) {
                    for (Local sum : row) {
                        code.localGet(sum).push(lanes.constant(0f)).f32x4Pmax().localSet(sum);
                    }
                }
            }
            case GELU -> {
                LaneMath math = new LaneMath(f, lanes);
                for (Local[] row : sums) {
                    for (Local sum : row) {
                        math.gelu(sum);
                    }
                }
            }
        }
    }
}
