package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.Lanes;
import io.jitfarm.jit.kernel.LaneMath;
import io.jitfarm.jit.op.RowOp;

/**
 * The row op generator: one kernel for one {@link RowOp} and one {@link RowSchedule}, with the op's
 * calling convention. Every op is a loop over the calling thread's rows whose body is made of element
 * loops ({@link ElementLoop}), reductions and per-row scalars, so ops differ only in that body.
 */
public final class RowKernels {

    private RowKernels() {
    }

    public static GeneratedKernel generate(RowOp op, RowSchedule schedule) {
        RowKernel kernel = new RowKernel(op, schedule);
        if (op instanceof RowOp.Add) {
            ElementwiseRows.binary(kernel, Lanes::add);
        } else if (op instanceof RowOp.Mul) {
            ElementwiseRows.binary(kernel, Lanes::mul);
        } else if (op instanceof RowOp.Gelu) {
            ElementwiseRows.unary(kernel, LaneMath::gelu);
        } else if (op instanceof RowOp.Silu) {
            ElementwiseRows.unary(kernel, LaneMath::silu);
        } else if (op instanceof RowOp.LayerNorm norm) {
            NormRows.layerNorm(kernel, norm.eps());
        } else if (op instanceof RowOp.RmsNorm norm) {
            NormRows.rmsNorm(kernel, norm.eps());
        } else if (op instanceof RowOp.Softmax softmax) {
            SoftmaxRows.softmax(kernel, softmax);
        } else if (op instanceof RowOp.Rotary) {
            RotaryRows.rotary(kernel);
        } else if (op instanceof RowOp.Gather) {
            CopyRows.gather(kernel);
        } else if (op instanceof RowOp.SwapAxes) {
            CopyRows.swapAxes(kernel);
        } else if (op instanceof RowOp.KvAppend) {
            CopyRows.kvAppend(kernel);
        } else if (op instanceof RowOp.Transpose) {
            TransposeRows.transpose(kernel);
        } else {
            throw new IllegalArgumentException("no generator for " + op);
        }
        return kernel.finish();
    }
}
