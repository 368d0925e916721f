package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.Lanes;
import java.util.List;

/**
 * One point of a row op's schedule space: how the loop along a row is emitted. Row ops are
 * memory-bound, so the knobs are few: vectors or scalars, and how many of them one loop iteration
 * handles (independent accumulators for reductions, fewer branches for the rest).
 *
 * @param vector  f32x4 values with a scalar remainder, or f32 throughout
 * @param unroll  values per loop iteration: 1, 2 or 4
 * @param fma     multiply-adds as {@code f32x4.relaxed_madd} (relaxed SIMD); vectors only
 * @param threads threads the kernel is meant for; more than one imports a shared memory
 */
public record RowSchedule(boolean vector, int unroll, boolean fma, int threads) {

    public static final List<Integer> UNROLLS = List.of(1, 2, 4);

    public RowSchedule {
        if (!UNROLLS.contains(unroll)) {
            throw new IllegalArgumentException("unroll must be one of " + UNROLLS + ": " + unroll);
        }
        if (fma && !vector) {
            throw new IllegalArgumentException("relaxed_madd is a vector instruction: fma needs vector");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
    }

    public Lanes lanes() {
        return vector ? Lanes.f32x4(fma) : Lanes.scalar();
    }

    /** E.g. {@code f32x4-fma-u2-t2} or {@code f32-u1-t1}. */
    public String id() {
        return lanes().id() + (fma ? "-fma" : "") + "-u" + unroll + "-t" + threads;
    }
}
