package io.jitfarm.jit.tune;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.TunedMatMul;

/**
 * One point of a space for one shape, with what the cost model expects of it. Generating is left to
 * the caller, so a tuner pays codegen only for the candidates it gets to.
 *
 * @param predictedMs the cost model's estimate of one run, in milliseconds (see {@link CostModel})
 */
public record MatMulCandidate(MatMulSchedule schedule, MatMulShape shape, double predictedMs) {

    /** The schedule's stable id; the shape is not part of it. */
    public String id() {
        return schedule.id();
    }

    public String description() {
        return schedule.description();
    }

    public GeneratedKernel generate() {
        return TunedMatMul.generate(schedule, shape);
    }
}
