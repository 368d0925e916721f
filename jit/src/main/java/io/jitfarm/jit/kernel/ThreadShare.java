package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * The part of the split axis that the calling thread computes: thread t of T gets tiles
 * [tiles * t / T, tiles * (t + 1) / T) of the axis's {@code ceil(extent / tile)} register tiles, so
 * shares are contiguous, differ by at most one tile, and together cover the axis once. A thread
 * whose share is empty (more threads than tiles) returns at once.
 */
final class ThreadShare {

    private ThreadShare() {
    }

    static Block emit(KernelFunction f, int extent, int tile) {
        CodeEmitter code = f.code();
        int tiles = (extent + tile - 1) / tile;
        Block share = items(f, tiles);
        code.localGet(share.start()).i32Const(tile).i32Mul().localSet(share.start());
        code.localGet(share.end()).i32Const(tile).i32Mul().localSet(share.end());
        Arithmetic.pushMin(code, share.end(), Operand.i32(extent));
        code.localSet(share.end());
        return share;
    }

    /**
     * The calling thread's items [items * t / T, items * (t + 1) / T) of {@code items} equal pieces of
     * work; returns at once when that is empty.
     */
    static Block items(KernelFunction f, int items) {
        CodeEmitter code = f.code();
        Local threadIndex = f.param("threadIndex");
        Local threadCount = f.param("threadCount");
        Local start = f.newLocal(ValType.I32);
        Local end = f.newLocal(ValType.I32);

        code.i32Const(items).localGet(threadIndex).i32Mul().localGet(threadCount).i32DivU().localSet(start);
        code.i32Const(items).localGet(threadIndex).i32Const(1).i32Add().i32Mul().localGet(threadCount).i32DivU()
                .localSet(end);
        code.localGet(start).localGet(end).i32GeU().ifThen(code::returnFromFunction);
        return new Block(start, end);
    }
}
