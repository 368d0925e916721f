package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.Lanes;
import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Loops;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * A loop along {@code count} consecutive floats of a row, emitted as the schedule says: vectors,
 * {@code unroll} of them per iteration, then single vectors, then scalars for the last count % 4 (or
 * scalars throughout). The body is written once against {@link Lanes} and emitted for each part.
 *
 * <p>Streams are pointers that walk along with the loop, 4 bytes per float: the body addresses the
 * current value of a stream as its cursor plus the {@code offset} it is given (a memarg offset, so
 * unrolled steps cost no address arithmetic).
 */
final class ElementLoop {

    /** The code for the {@code lanes.width()} floats at each stream's cursor + {@code offset}. */
    @FunctionalInterface
    interface Body {
        /** @param step which of the unrolled values this is (0 outside the unrolled loop), for reductions */
        void emit(Lanes lanes, int offset, int step);
    }

    private final RowKernel kernel;
    private final CodeEmitter code;
    private final List<Operand> starts = new ArrayList<>();
    private final List<Local> cursors = new ArrayList<>();

    ElementLoop(RowKernel kernel) {
        this.kernel = kernel;
        this.code = kernel.code();
    }

    /** A pointer starting at {@code start} (evaluated when the loop starts); the body reads it as the returned local. */
    Local stream(Operand start) {
        Local cursor = kernel.newLocal(ValType.I32);
        starts.add(start);
        cursors.add(cursor);
        return cursor;
    }

    /** The value at a stream's cursor + {@code offset}, as an operand (e.g. for {@link Lanes#mulAdd}). */
    static Operand load(Lanes lanes, Local stream, int offset) {
        return code -> {
            code.localGet(stream);
            lanes.load(code, offset);
        };
    }

    /** Emits the loop over {@code count} floats; {@code count} is pushed several times, so it must be cheap. */
    void run(Operand count, Body body) {
        for (int i = 0; i < cursors.size(); i++) {
            code.push(starts.get(i)).localSet(cursors.get(i));
        }
        RowSchedule schedule = kernel.schedule();
        Lanes lanes = schedule.lanes();
        Lanes scalar = Lanes.scalar();
        Local counter = kernel.newLocal(ValType.I32);
        code.i32Const(0).localSet(counter);
        if (schedule.unroll() > 1 || lanes.width() > 1) {
            part(counter, count, lanes, schedule.unroll(), body);
        }
        if (schedule.unroll() > 1 && lanes.width() > 1) {
            part(counter, count, lanes, 1, body);
        }
        part(counter, count, scalar, 1, body);
    }

    /** Continues from the counter with {@code unroll} values of {@code lanes} per iteration, while they fit. */
    private void part(Local counter, Operand count, Lanes lanes, int unroll, Body body) {
        int floats = lanes.width() * unroll;
        Operand limit = floats == 1 ? count : kernel.let(e -> e.push(count).push(count).i32Const(floats).i32RemU().i32Sub());
        Loops.whileBelow(code, counter, limit, floats, () -> {
            for (int step = 0; step < unroll; step++) {
                body.emit(lanes, step * lanes.bytes(), step);
            }
            for (Local cursor : cursors) {
                code.addTo(cursor, Operand.i32(floats * Float.BYTES));
            }
        });
    }
}
