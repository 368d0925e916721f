package io.jitfarm.jit.kernel;

/**
 * The block and register-tile sizes of a MatMul schedule: the part of the space the nnJIT release's
 * rules prune (DESIGN section 3).
 *
 * @param mb rows of C per cache block; a multiple of {@code mr}
 * @param nb columns of C per cache block; a multiple of {@code nr}
 * @param kb depth of the reduction per cache block
 * @param mr rows of the register tile
 * @param nr columns of the register tile; a multiple of the 4 lanes of an f32x4
 */
public record Tiling(int mb, int nb, int kb, int mr, int nr) {

    public Tiling {
        if (mr < 1 || mb < 1 || mb % mr != 0) {
            throw new IllegalArgumentException("mb must be a positive multiple of mr: mb=" + mb + ", mr=" + mr);
        }
        if (nr < VectorLanes.LANES || nr % VectorLanes.LANES != 0 || nb % nr != 0) {
            throw new IllegalArgumentException("nr must be a multiple of 4 dividing nb: nb=" + nb + ", nr=" + nr);
        }
        if (kb < 1) {
            throw new IllegalArgumentException("kb must be positive: " + kb);
        }
    }

    /** 128-bit registers the micro-kernel keeps live: accumulators, B vectors and A broadcasts. */
    public int simdRegisters() {
        return mr * (nr / VectorLanes.LANES) + mr + nr / VectorLanes.LANES;
    }

    /** Bytes of one A block plus one B block, the data a block's micro-kernels reuse. */
    public long l1FootprintBytes() {
        return ((long) mb * kb + (long) kb * nb) * Float.BYTES;
    }

    /** Cache-block size along an axis. */
    public int block(Axis axis) {
        return switch (axis) {
            case M -> mb;
            case N -> nb;
            case K -> kb;
        };
    }

    /** Register-tile size along an axis of C. */
    public int tile(Axis axis) {
        return switch (axis) {
            case M -> mr;
            case N -> nr;
            case K -> throw new IllegalArgumentException("register tiles span M and N, not K");
        };
    }

    /** E.g. {@code m64n256k128-r4x8}. */
    public String id() {
        return "m" + mb + "n" + nb + "k" + kb + "-r" + mr + "x" + nr;
    }
}
