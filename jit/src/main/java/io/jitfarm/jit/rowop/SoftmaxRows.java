package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.Arithmetic;
import io.jitfarm.jit.kernel.Lanes;
import io.jitfarm.jit.op.RowOp;
import io.jitfarm.jit.op.SoftmaxMask;
import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Operand;

/**
 * Softmax along rows of attention scores, in three passes over the row: the maximum of the scaled,
 * masked scores; e^(score - max) stored and summed; the stores scaled by 1 / sum. Subtracting the
 * maximum keeps e^ in [0, 1], so no input overflows it. Causally masked columns are never computed:
 * the passes stop at the last visible column and the rest of the row is set to 0.
 */
final class SoftmaxRows {

    private SoftmaxRows() {
    }

    static void softmax(RowKernel kernel, RowOp.Softmax op) {
        CodeEmitter code = kernel.code();
        Local width = kernel.param("width");
        Local rowBytes = kernel.let(RowKernel.floatBytes(width));
        RowReduction maxReduction = kernel.reduction(RowReduction.Kind.MAX);
        RowReduction sum = kernel.reduction(RowReduction.Kind.SUM);
        RowScalar max = kernel.rowScalar();
        RowScalar inverseSum = kernel.rowScalar();
        kernel.forEachRow(kernel.param("rows"), row -> {
            Local x = kernel.let(RowKernel.address(kernel.param("xPtr"), row, rowBytes));
            Local out = kernel.let(RowKernel.address(kernel.param("outPtr"), row, rowBytes));
            Local visible = op.mask() == SoftmaxMask.CAUSAL ? visibleColumns(kernel, row, width) : width;
            boolean additive = op.mask() == SoftmaxMask.ADDITIVE;
            Local mask = kernel.param("maskPtr");

            maxReduction.reset();
            ElementLoop maxLoop = kernel.elementLoop();
            Local scoresForMax = maxLoop.stream(x);
            Local maskForMax = additive ? maxLoop.stream(mask) : null;
            maxLoop.run(visible, (lanes, offset, step) -> {
                pushScore(code, op, lanes, scoresForMax, maskForMax, offset);
                maxReduction.accumulate(lanes, step);
            });
            maxReduction.pushResult();
            max.set();

            sum.reset();
            ElementLoop expLoop = kernel.elementLoop();
            Local scores = expLoop.stream(x);
            Local maskForExp = additive ? expLoop.stream(mask) : null;
            Local exps = expLoop.stream(out);
            expLoop.run(visible, (lanes, offset, step) -> {
                Local value = kernel.newLocal(lanes.type());
                pushScore(code, op, lanes, scores, maskForExp, offset);
                code.push(max.in(lanes));
                lanes.sub(code);
                code.localSet(value);
                kernel.math(lanes).exp(value);
                code.localGet(exps).localGet(value);
                lanes.store(code, offset);
                code.localGet(value);
                sum.accumulate(lanes, step);
            });
            code.f32Const(1);
            sum.pushResult();
            code.f32Div();
            inverseSum.set();

            ElementLoop scaleLoop = kernel.elementLoop();
            Local probabilities = scaleLoop.stream(out);
            scaleLoop.run(visible, (lanes, offset, step) -> {
                code.localGet(probabilities);
                code.push(ElementLoop.load(lanes, probabilities, offset)).push(inverseSum.in(lanes));
                lanes.mul(code);
                lanes.store(code, offset);
            });

            if (op.mask() == SoftmaxMask.CAUSAL) {
                ElementLoop zeroLoop = kernel.elementLoop();
                Local hidden = zeroLoop.stream(RowKernel.address(out, visible, Operand.i32(Float.BYTES)));
                Local hiddenCount = kernel.let(e -> e.localGet(width).localGet(visible).i32Sub());
                zeroLoop.run(hiddenCount, (lanes, offset, step) -> {
                    code.localGet(hidden).push(lanes.constant(0f));
                    lanes.store(code, offset);
                });
            }
        });
    }

    /** min(width, row % queries + causalOffset + 1): the columns the row's query sees. */
    private static Local visibleColumns(RowKernel kernel, Local row, Local width) {
        Local limit = kernel.let(e -> e.localGet(row).localGet(kernel.param("queries")).i32RemU()
                .localGet(kernel.param("causalOffset")).i32Add().i32Const(1).i32Add());
        return kernel.let(e -> Arithmetic.pushMin(e, limit, width));
    }

    /** Pushes scale * x (+ mask, when additive) at the streams' cursors + offset. */
    private static void pushScore(CodeEmitter code, RowOp.Softmax op, Lanes lanes, Local x, Local mask, int offset) {
        code.push(ElementLoop.load(lanes, x, offset));
        if (op.scale() != 1f) {
            code.push(lanes.constant(op.scale()));
            lanes.mul(code);
        }
        if (op.mask() == SoftmaxMask.ADDITIVE) {
            code.push(ElementLoop.load(lanes, mask, offset));
            lanes.add(code);
        }
    }
}
