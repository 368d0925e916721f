package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.Lanes;
import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.ValType;

/**
 * LayerNorm and RMSNorm. LayerNorm takes the variance as the mean of squared deviations from the
 * mean, a second pass over the row (still in cache), rather than mean(x^2) - mean^2, which cancels
 * badly in fp32 when the mean is large next to the spread.
 */
final class NormRows {

    private final RowKernel kernel;
    private final CodeEmitter code;
    private final Local width;
    private final Local rowBytes;
    /** 1 / width as an f32. */
    private final Local inverseWidth;

    private NormRows(RowKernel kernel) {
        this.kernel = kernel;
        this.code = kernel.code();
        this.width = kernel.param("width");
        this.rowBytes = kernel.let(RowKernel.floatBytes(width));
        this.inverseWidth = kernel.newLocal(ValType.F32);
        code.f32Const(1).localGet(width).f32ConvertI32U().f32Div().localSet(inverseWidth);
    }

    /** out = (x - mean) / sqrt(variance + eps) * gamma + beta, per row. */
    static void layerNorm(RowKernel kernel, float eps) {
        NormRows norm = new NormRows(kernel);
        CodeEmitter code = kernel.code();
        RowReduction sum = kernel.reduction(RowReduction.Kind.SUM);
        RowScalar mean = kernel.rowScalar();
        RowScalar inverseDeviation = kernel.rowScalar();
        kernel.forEachRow(kernel.param("rows"), row -> {
            Local x = kernel.let(RowKernel.address(kernel.param("xPtr"), row, norm.rowBytes));
            norm.sumOver(x, sum, lanes -> { });
            code.localGet(norm.inverseWidth).f32Mul();
            mean.set();
            norm.sumOver(x, sum, lanes -> {
                code.push(mean.in(lanes));
                lanes.sub(code);
                norm.square(lanes);
            });
            norm.pushInverseRoot(eps);
            inverseDeviation.set();

            ElementLoop loop = kernel.elementLoop();
            Local xs = loop.stream(x);
            Local gamma = loop.stream(kernel.param("gammaPtr"));
            Local beta = loop.stream(kernel.param("betaPtr"));
            Local out = loop.stream(RowKernel.address(kernel.param("outPtr"), row, norm.rowBytes));
            loop.run(norm.width, (lanes, offset, step) -> {
                code.localGet(out).localGet(xs);
                lanes.load(code, offset);
                code.push(mean.in(lanes));
                lanes.sub(code);
                code.push(inverseDeviation.in(lanes));
                lanes.mul(code);
                lanes.mulAdd(code, ElementLoop.load(lanes, gamma, offset), ElementLoop.load(lanes, beta, offset));
                lanes.store(code, offset);
            });
        });
    }

    /** out = x / sqrt(mean(x^2) + eps) * gamma, per row. */
    static void rmsNorm(RowKernel kernel, float eps) {
        NormRows norm = new NormRows(kernel);
        CodeEmitter code = kernel.code();
        RowReduction sum = kernel.reduction(RowReduction.Kind.SUM);
        RowScalar inverseRoot = kernel.rowScalar();
        kernel.forEachRow(kernel.param("rows"), row -> {
            Local x = kernel.let(RowKernel.address(kernel.param("xPtr"), row, norm.rowBytes));
            norm.sumOver(x, sum, norm::square);
            norm.pushInverseRoot(eps);
            inverseRoot.set();

            ElementLoop loop = kernel.elementLoop();
            Local xs = loop.stream(x);
            Local gamma = loop.stream(kernel.param("gammaPtr"));
            Local out = loop.stream(RowKernel.address(kernel.param("outPtr"), row, norm.rowBytes));
            loop.run(norm.width, (lanes, offset, step) -> {
                code.localGet(out).localGet(xs);
                lanes.load(code, offset);
                code.push(inverseRoot.in(lanes));
                lanes.mul(code);
                code.push(ElementLoop.load(lanes, gamma, offset));
                lanes.mul(code);
                lanes.store(code, offset);
            });
        });
    }

    /** What a pass sums: transforms the loaded value on the stack. */
    @FunctionalInterface
    private interface Term {
        void emit(Lanes lanes);
    }

    /** Pushes the f32 sum over the row at {@code row} of {@code term(x)}. */
    private void sumOver(Local row, RowReduction sum, Term term) {
        sum.reset();
        ElementLoop loop = kernel.elementLoop();
        Local x = loop.stream(row);
        loop.run(width, (lanes, offset, step) -> {
            code.localGet(x);
            lanes.load(code, offset);
            term.emit(lanes);
            sum.accumulate(lanes, step);
        });
        sum.pushResult();
    }

    /** Pops a row sum s; pushes 1 / sqrt(s / width + eps). */
    private void pushInverseRoot(float eps) {
        Local total = kernel.newLocal(ValType.F32);
        code.localSet(total);
        code.f32Const(1).localGet(total).localGet(inverseWidth).f32Mul().f32Const(eps).f32Add().f32Sqrt().f32Div();
    }

    /** Pops a value; pushes its square. */
    private void square(Lanes lanes) {
        Local value = kernel.newLocal(lanes.type());
        code.localTee(value).localGet(value);
        lanes.mul(code);
    }
}
