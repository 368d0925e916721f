package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.Block;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.KernelFunction;
import io.jitfarm.jit.kernel.LaneMath;
import io.jitfarm.jit.kernel.Lanes;
import io.jitfarm.jit.kernel.ThreadShare;
import io.jitfarm.jit.kernel.TunedMatMul;
import io.jitfarm.jit.op.RowOp;
import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Loops;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One row op kernel under construction: the function with the op's calling convention, the loop over
 * the calling thread's rows, and the pieces row bodies are made of ({@link ElementLoop},
 * {@link RowReduction}, {@link RowScalar}, {@link LaneMath}), all following the schedule.
 */
final class RowKernel {

    private final RowOp op;
    private final RowSchedule schedule;
    private final KernelFunction f;
    private final CodeEmitter code;
    private final Map<Lanes, LaneMath> math = new HashMap<>();

    RowKernel(RowOp op, RowSchedule schedule) {
        this.op = op;
        this.schedule = schedule;
        this.f = new KernelFunction(op.convention(), TunedMatMul.memory(schedule.threads()));
        this.code = f.code();
    }

    CodeEmitter code() {
        return code;
    }

    RowSchedule schedule() {
        return schedule;
    }

    Local param(String name) {
        return f.param(name);
    }

    Local newLocal(ValType type) {
        return f.newLocal(type);
    }

    /** A new i32 local set, here, to the value {@code value} pushes. */
    Local let(Operand value) {
        Local local = f.newLocal(ValType.I32);
        code.push(value).localSet(local);
        return local;
    }

    /** Pushes {@code base + index * bytesPerIndex}: the address of row {@code index}. */
    static Operand address(Operand base, Operand index, Operand bytesPerIndex) {
        return code -> code.push(base).push(index).push(bytesPerIndex).i32Mul().i32Add();
    }

    /** Pushes {@code value * 4}: a count of floats in bytes. */
    static Operand floatBytes(Operand value) {
        return code -> code.push(value).i32Const(Float.BYTES).i32Mul();
    }

    /** Runs {@code body} for each row of the calling thread's share of {@code rows}. */
    void forEachRow(Operand rows, Consumer<Local> body) {
        Block share = ThreadShare.items(f, rows);
        Local row = f.newLocal(ValType.I32);
        Loops.forRange(code, row, share.start(), share.end(), 1, () -> body.accept(row));
    }

    ElementLoop elementLoop() {
        return new ElementLoop(this);
    }

    RowReduction reduction(RowReduction.Kind kind) {
        return new RowReduction(this, kind);
    }

    RowScalar rowScalar() {
        return new RowScalar(this);
    }

    /** The transcendental functions for {@code lanes}, sharing their temporaries across the kernel. */
    LaneMath math(Lanes lanes) {
        return math.computeIfAbsent(lanes, l -> new LaneMath(f, l));
    }

    GeneratedKernel finish() {
        return f.finish(op.id() + "-" + schedule.id(), 0);
    }
}
