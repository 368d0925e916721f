package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;

/**
 * The part of the work that the calling thread does: thread t of T gets items [items * t / T,
 * items * (t + 1) / T) of equal pieces of work (a MatMul's register tiles along its split axis, a row
 * op's rows), so shares are contiguous, differ by at most one item, and together cover the work once.
 * A thread whose share is empty (more threads than items) returns at once.
 */
public final class ThreadShare {

    private ThreadShare() {
    }

    /** The thread's share of an axis of {@code extent} cut into tiles, in elements of the axis. */
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
        return items(f, Operand.i32(items));
    }

    /** As {@link #items(KernelFunction, int)} for a count known at run time, e.g. a size parameter. */
    public static Block items(KernelFunction f, Operand items) {
        CodeEmitter code = f.code();
        Local threadIndex = f.param("threadIndex");
        Local threadCount = f.param("threadCount");
        Local start = f.newLocal(ValType.I32);
        Local end = f.newLocal(ValType.I32);

        code.push(items).localGet(threadIndex).i32Mul().localGet(threadCount).i32DivU().localSet(start);
        code.push(items).localGet(threadIndex).i32Const(1).i32Add().i32Mul().localGet(threadCount).i32DivU()
                .localSet(end);
        code.localGet(start).localGet(end).i32GeU().ifThen(code::returnFromFunction);
        return new Block(start, end);
    }
}
