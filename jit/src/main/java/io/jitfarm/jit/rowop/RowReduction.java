package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.Lanes;
import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.ValType;

/**
 * A sum or maximum along a row, accumulated in an {@link ElementLoop}: one accumulator per unrolled
 * step (independent dependency chains, which is what unrolling a reduction is for) of the schedule's
 * lanes, plus a scalar one for the remainder of a vector loop; combined into one f32 at the end.
 */
final class RowReduction {

    enum Kind {
        SUM(0f),
        MAX(Float.NEGATIVE_INFINITY);

        private final float identity;

        Kind(float identity) {
            this.identity = identity;
        }

        void combine(Lanes lanes, CodeEmitter code) {
            if (this == SUM) {
                lanes.add(code);
            } else {
                lanes.max(code);
            }
        }
    }

    private final CodeEmitter code;
    private final Kind kind;
    private final Lanes lanes;
    private final Local[] accumulators;
    /** The scalar remainder's accumulator of a vector schedule; null for scalar ones. */
    private final Local remainder;

    RowReduction(RowKernel kernel, Kind kind) {
        this.code = kernel.code();
        this.kind = kind;
        this.lanes = kernel.schedule().lanes();
        this.accumulators = new Local[kernel.schedule().unroll()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = kernel.newLocal(lanes.type());
        }
        this.remainder = lanes.width() > 1 ? kernel.newLocal(ValType.F32) : null;
    }

    /** Sets every accumulator to the identity; emitted before each row's loop. */
    void reset() {
        for (Local accumulator : accumulators) {
            code.push(lanes.constant(kind.identity)).localSet(accumulator);
        }
        if (remainder != null) {
            code.push(Lanes.scalar().constant(kind.identity)).localSet(remainder);
        }
    }

    /** Pops a value of {@code lanes} and folds it into the accumulator of {@code step}. */
    void accumulate(Lanes valueLanes, int step) {
        Local accumulator = valueLanes.width() == lanes.width() ? accumulators[step] : remainder;
        code.localGet(accumulator);
        kind.combine(valueLanes, code);
        code.localSet(accumulator);
    }

    /** Pushes the f32 result of the row. */
    void pushResult() {
        Local first = accumulators[0];
        for (int i = 1; i < accumulators.length; i++) {
            code.localGet(first).localGet(accumulators[i]);
            kind.combine(lanes, code);
            code.localSet(first);
        }
        if (kind == Kind.SUM) {
            lanes.pushSumAcross(code, first);
        } else {
            lanes.pushMaxAcross(code, first);
        }
        if (remainder != null) {
            code.localGet(remainder);
            kind.combine(Lanes.scalar(), code);
        }
    }
}
