package io.jitfarm.jit.tune;

import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.TunedMatMul;
import io.jitfarm.jit.op.KernelOp;

/**
 * One point of a space for one shape, with what the cost model expects of it. Generating is left to
 * the caller, so a tuner pays codegen only for the candidates it gets to.
 *
 * @param shape       one matrix's [M,K,N] (per batch for {@link KernelOp#BATCH_MATMUL})
 * @param predictedMs the cost model's estimate of one run, in milliseconds (see {@link CostModel})
 * @param op          which kernel: {@link KernelOp#MATMUL}, {@link KernelOp#BATCH_MATMUL} or {@link KernelOp#LINEAR}
 * @param batches     B for {@link KernelOp#BATCH_MATMUL}, else 1
 * @param epilogue    the Linear epilogue; {@link Epilogue#NONE} for the other ops
 */
public record MatMulCandidate(MatMulSchedule schedule, MatMulShape shape, double predictedMs, KernelOp op,
                              int batches, Epilogue epilogue) {

    public MatMulCandidate {
        if (op != KernelOp.BATCH_MATMUL && batches != 1) {
            throw new IllegalArgumentException(op + " has no batches: " + batches);
        }
        if (op != KernelOp.LINEAR && !epilogue.isNone()) {
            throw new IllegalArgumentException(op + " has no epilogue: " + epilogue);
        }
    }

    /** A plain MatMul candidate. */
    public MatMulCandidate(MatMulSchedule schedule, MatMulShape shape, double predictedMs) {
        this(schedule, shape, predictedMs, KernelOp.MATMUL, 1, Epilogue.NONE);
    }

    /**
     * The schedule's stable id, plus the epilogue's suffix for Linear (e.g. {@code ...-t2-bias-gelu});
     * the shape (and so the batch count) is not part of it.
     */
    public String id() {
        return schedule.id() + epilogue.idSuffix();
    }

    public String description() {
        String description = schedule.description();
        if (op == KernelOp.BATCH_MATMUL) {
            description += ", over " + batches + " batches (threads share batches x tiles)";
        }
        if (!epilogue.isNone()) {
            description += ", epilogue " + epilogue.description();
        }
        return description;
    }

    public GeneratedKernel generate() {
        return switch (op) {
            case MATMUL -> TunedMatMul.generate(schedule, shape);
            case BATCH_MATMUL -> TunedMatMul.generateBatched(schedule, batches, shape);
            case LINEAR -> TunedMatMul.generateLinear(schedule, shape, epilogue);
        };
    }
}
