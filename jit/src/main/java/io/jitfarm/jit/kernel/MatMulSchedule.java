package io.jitfarm.jit.kernel;

import java.util.List;

/**
 * One point of the MatMul optimization space: everything {@link TunedMatMul} needs besides the
 * shape to generate a kernel.
 *
 * @param tiling  cache-block and register-tile sizes
 * @param order   nesting of the block loops
 * @param packB   whether each B block is first copied into the thread's scratch as contiguous
 *                nr-wide panels, so the micro-kernel reads B sequentially
 * @param unroll  k steps per iteration of the micro-kernel's loop: 1, 2 or 4
 * @param fma     {@code f32x4.relaxed_madd} (relaxed SIMD) instead of {@code f32x4.mul} + {@code f32x4.add}
 * @param split   the axis cut between threads
 * @param threads threads the kernel is meant to run on; more than one needs a shared memory
 */
public record MatMulSchedule(Tiling tiling, LoopOrder order, boolean packB, int unroll, boolean fma,
                             ThreadSplit split, int threads) {

    public static final List<Integer> UNROLLS = List.of(1, 2, 4);

    public MatMulSchedule {
        if (!UNROLLS.contains(unroll)) {
            throw new IllegalArgumentException("unroll must be one of " + UNROLLS + ": " + unroll);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
    }

    /** A stable short name, e.g. {@code m64n256k128-r4x8-jki-packB-u2-fma-splitM-t2}. */
    public String id() {
        return tiling.id() + "-" + order.id() + (packB ? "-packB" : "-directB") + "-u" + unroll
                + (fma ? "-fma" : "-muladd") + "-" + split.id() + "-t" + threads;
    }

    public String description() {
        return String.format("%dx%d register tiles in %dx%dx%d (M x N x K) cache blocks, block loops %s, B %s,"
                        + " k loop unrolled x%d, %s, %s", tiling.mr(), tiling.nr(), tiling.mb(), tiling.nb(),
                tiling.kb(), order.id(), packB ? "packed into nr-wide panels" : "read in place", unroll,
                fma ? "relaxed-SIMD FMA" : "mul + add",
                threads == 1 ? "1 thread" : threads + " threads splitting " + split.axis());
    }

    /** One packed B block, or nothing when B is read in place. */
    public int scratchBytesPerThread() {
        return packB ? Math.multiplyExact(tiling.kb(), tiling.nb()) * Float.BYTES : 0;
    }
}
