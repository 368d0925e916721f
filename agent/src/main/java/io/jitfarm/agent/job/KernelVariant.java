package io.jitfarm.agent.job;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.HandwrittenSimdMatMul;
import io.jitfarm.jit.kernel.ScalarMatMul;
import io.jitfarm.jit.op.KernelOp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A kernel implementation the agent can send to a page, and the engine it counts for in results.
 * The generator runs when the variant is measured, so its codegen time is part of the result.
 */
public record KernelVariant(String engine, Supplier<GeneratedKernel> generator) {
    /** The untuned floor: plain f32 loops. Always measured, as the reference point. */
    public static final String SCALAR = "scalar";
    /** The fixed hand-written SIMD kernel (one register tile, no tuning): a baseline. */
    public static final String HANDWRITTEN = "handwritten";

    /** What this agent can run for {@code op} on {@code backend}, given the experiment's baselines. */
    public static List<KernelVariant> available(KernelOp op, String backend, List<String> baselines) {
        List<KernelVariant> variants = new ArrayList<>();
        if (op == KernelOp.MATMUL && backend.equals("wasm")) {
            variants.add(new KernelVariant(SCALAR, ScalarMatMul::generate));
            if (baselines.contains(HANDWRITTEN)) {
                variants.add(new KernelVariant(HANDWRITTEN, HandwrittenSimdMatMul::generate));
            }
        }
        return variants;
    }
}
