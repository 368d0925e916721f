package io.jitfarm.jit.tune;

import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.Tiling;
import io.jitfarm.jit.profile.DeviceProfile;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The lite space's pruning of block and tile sizes: the nnJIT release's Wasm rules (DESIGN section 3,
 * NNJIT-NOTES section 3), made to hold for every shape.
 *
 * <p>The release keeps a configuration when its registers, mr*(nr/4) + mr + nr/4, lie in [80 %, 100 %]
 * of the device's SIMD registers and its A and B blocks, (mb*kb + kb*nb)*4 bytes, in [90 %, 100 %] of
 * L1. Here sizes are first clamped to the shape ({@link ShapeFit#clamp}, duplicates dropped), then
 * the register rule and then the L1 rule are applied, each in the first of these forms that keeps
 * anything:
 * <ol>
 *   <li>the release's bounds, a share of the device's registers or L1 (all that big shapes need);</li>
 *   <li>the lower bound taken of what the shape can use instead of the device: of the most registers,
 *       or the largest footprint, of any clamped configuration within the device's capacity (a small
 *       shape cannot fill L1, nor a 2-row one the registers);</li>
 *   <li>no configuration within the capacity: those using the least (a tile that spills still works).</li>
 * </ol>
 * Matrix-vector shapes (M below the release's smallest tile, 4) get their own family instead: B is
 * read exactly once whatever the blocking, so blocks are chosen to stream it, not to reuse it. The
 * whole row of C stays cached (nb = N) while a few rows of B stream past it (kb of 4, 8 or 16: more
 * concurrent row streams than that outrun the hardware prefetchers); the tile is M x nr with nr by the
 * register rule.
 */
final class LiteRules {

    static final double REGISTER_LOWER_BOUND = 0.8;
    static final double L1_LOWER_BOUND = 0.9;
    /** M below the smallest tile of the release: a matrix-vector product, or nearly. */
    static final int MATRIX_VECTOR_ROWS = 4;
    static final List<Integer> MATRIX_VECTOR_KB = List.of(4, 8, 16);

    private LiteRules() {
    }

    /** Surviving tilings, clamped to the shape, in a stable order. */
    static List<Tiling> survivors(DeviceProfile profile, MatMulShape shape) {
        List<Tiling> clamped = List.copyOf(new LinkedHashSet<>(
                TilingRanges.withWholeAxes().stream().map(tiling -> ShapeFit.clamp(tiling, shape)).toList()));
        List<Tiling> fitRegisters = withinBounds(clamped, Tiling::simdRegisters, profile.simdRegisters(),
                REGISTER_LOWER_BOUND);
        if (shape.m() < MATRIX_VECTOR_ROWS) {
            return matrixVector(fitRegisters, shape);
        }
        return withinBounds(fitRegisters, Tiling::l1FootprintBytes, profile.l1Bytes(), L1_LOWER_BOUND);
    }

    /** One rule in the first of its three forms that keeps anything (see the class comment). */
    static List<Tiling> withinBounds(List<Tiling> tilings, ToLongFunction<Tiling> use, long capacity, double lowerBound) {
        List<Tiling> release = between(tilings, use, lowerBound * capacity, capacity);
        if (!release.isEmpty()) {
            return release;
        }
        long mostWithin = tilings.stream().mapToLong(use).filter(value -> value <= capacity).max().orElse(-1);
        if (mostWithin >= 0) {
            return between(tilings, use, lowerBound * mostWithin, capacity);
        }
        long least = tilings.stream().mapToLong(use).min().orElseThrow();
        return between(tilings, use, least, least);
    }

    private static List<Tiling> between(List<Tiling> tilings, ToLongFunction<Tiling> use, double low, double high) {
        return tilings.stream().filter(tiling -> use.applyAsLong(tiling) >= low && use.applyAsLong(tiling) <= high).toList();
    }

    /** Whole-row blocks, a few rows of B at a time, and the widest tile the register rule kept. */
    private static List<Tiling> matrixVector(List<Tiling> fitRegisters, MatMulShape shape) {
        int widest = fitRegisters.stream().mapToInt(Tiling::nr).max().orElseThrow();
        // The narrowest tile of the range that clamps to the widest survivor, so the tiling is one of the full space's.
        int nr = TilingRanges.TILES.stream().filter(tile -> tile >= widest).findFirst().orElseThrow();
        return MATRIX_VECTOR_KB.stream()
                .map(kb -> ShapeFit.clamp(new Tiling(TilingRanges.WHOLE_AXIS, TilingRanges.WHOLE_AXIS, kb,
                        TilingRanges.TILES.get(0), nr), shape))
                .distinct()
                .sorted(Comparator.comparingInt(Tiling::kb))
                .toList();
    }
}
