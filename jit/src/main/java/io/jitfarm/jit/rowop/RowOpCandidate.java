package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.op.RowOp;

/** One schedule for one row op; generating is left to the caller, as for MatMul candidates. */
public record RowOpCandidate(RowOp op, RowSchedule schedule) {

    /** E.g. {@code softmax-causal-x0.125-f32x4-fma-u2-t2}: the op's id, then the schedule's. */
    public String id() {
        return op.id() + "-" + schedule.id();
    }

    public GeneratedKernel generate() {
        return RowKernels.generate(op, schedule);
    }
}
