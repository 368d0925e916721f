package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Loops;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * Copies one B block into the thread's scratch as panels nr columns wide, panel after panel, each
 * {@code kb} rows of nr floats: the micro-kernel then reads B at consecutive addresses instead of
 * one row of B apart. The panel of the last columns of B is padded with zeros to whole vectors.
 *
 * @param nr       columns of a panel
 * @param kb       rows reserved per panel, so panel p starts at {@code p * kb * nr * 4}
 * @param columns  N, the columns of B
 */
record BPacker(int nr, int kb, int columns) {

    /** The offset of the panel that follows another in scratch. */
    int panelBytes() {
        return kb * nr * Float.BYTES;
    }

    void emit(KernelFunction f, Local b, Local scratch, Block j, Block k) {
        CodeEmitter code = f.code();
        int rowBytes = columns * Float.BYTES;
        int edgeColumns = columns % nr;
        Local source = f.newLocal(ValType.I32);
        Local sourceEnd = f.newLocal(ValType.I32);
        Local wholePanelBytes = f.newLocal(ValType.I32);
        Local panelRow = f.newLocal(ValType.I32);
        Local from = f.newLocal(ValType.I32);
        Local fromEnd = f.newLocal(ValType.I32);
        Local to = f.newLocal(ValType.I32);

        code.localGet(k.start()).i32Const(columns).i32Mul().localGet(j.start()).i32Add()
                .i32Const(Float.BYTES).i32Mul().localGet(b).i32Add().localSet(source);
        code.localGet(k.end()).localGet(k.start()).i32Sub().i32Const(rowBytes).i32Mul()
                .localGet(source).i32Add().localSet(sourceEnd);
        Arithmetic.pushMin(code, j.end(), Operand.i32(columns - edgeColumns));
        code.localGet(j.start()).i32Sub().i32Const(Float.BYTES).i32Mul().localSet(wholePanelBytes);
        code.localGet(scratch).localSet(panelRow);

        Loops.whileBelow(code, source, sourceEnd, rowBytes, () -> {
            code.localGet(source).localTee(from).localGet(wholePanelBytes).i32Add().localSet(fromEnd);
            code.localGet(panelRow).localSet(to);
            Loops.whileBelow(code, from, fromEnd, nr * Float.BYTES, () -> {
                copy(code, from, to, nr);
                code.addTo(to, Operand.i32(panelBytes()));
            });
            if (edgeColumns > 0) {
                code.localGet(j.end()).i32Const(columns).i32Eq().ifThen(() -> copy(code, from, to, edgeColumns));
            }
            code.addTo(panelRow, Operand.i32(nr * Float.BYTES));
        });
    }

    /** Copies one row segment of {@code width} floats, padding the last vector with zeros. */
    private static void copy(CodeEmitter code, Local from, Local to, int width) {
        for (int v = 0; v < VectorLanes.vectorsFor(width); v++) {
            int offset = v * VectorLanes.BYTES;
            code.localGet(to);
            VectorLanes.ofVector(v, width).load(code, from, offset);
            code.v128Store(offset);
        }
    }
}
