package io.jitfarm.agent.job;

import io.jitfarm.common.job.Workload;
import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.op.KernelOp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What one kernel measurement computes: the op, its shape (the op's dimensions in order) and, for
 * Linear, the epilogue fused into it. The page reads the same three fields (harness-page gemm-problem.js).
 */
public record KernelProblem(KernelOp op, List<Integer> shape, Epilogue epilogue) {

    public KernelProblem {
        shape = List.copyOf(shape);
        if (op != KernelOp.LINEAR && !epilogue.isNone()) {
            throw new IllegalArgumentException(op.wireName() + " takes no epilogue: " + epilogue);
        }
    }

    public static KernelProblem of(Workload.Kernel workload, List<Integer> shape) {
        return new KernelProblem(KernelOp.byWireName(workload.kernel()).orElseThrow(), shape,
                new Epilogue(workload.bias(), Epilogue.Activation.named(workload.activation())));
    }

    /** {@code op}, {@code shape} and, for Linear, {@code epilogue: {bias, activation}}, as the page's commands carry them. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("op", op.wireName()).put("shape", new JsonArray(shape));
        if (op == KernelOp.LINEAR) {
            json.put("epilogue", new JsonObject().put("bias", epilogue.bias()).put("activation", epilogue.activation().id()));
        }
        return json;
    }

    /** Floating-point operations of one run (the epilogue's are not counted, as usual for GEMM GFLOP/s). */
    public double flops() {
        return op.flops(shape.stream().map(Integer::longValue).toList());
    }

    /** E.g. {@code linear [128, 768, 3072] + bias, then GELU}, for logs. */
    @Override
    public String toString() {
        String epilogueText = epilogue.isNone() ? "" : " " + (epilogue.bias() ? "+ bias" : "")
                + (epilogue.bias() && epilogue.activation() != Epilogue.Activation.NONE ? ", then " : "")
                + (epilogue.activation() == Epilogue.Activation.NONE ? "" : epilogue.activation().id());
        return op.wireName() + " " + shape + epilogueText;
    }
}
