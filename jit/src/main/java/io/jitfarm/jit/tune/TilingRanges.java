package io.jitfarm.jit.tune;

import io.jitfarm.jit.kernel.Tiling;
import java.util.ArrayList;
import java.util.List;

/**
 * The values the spaces draw block and tile sizes from: the nnJIT release's ranges (DESIGN section
 * 3), plus "the whole axis" as a block size, which TVM-like spaces have as the trivial split and
 * matrix-vector kernels need to stream whole rows of B.
 */
final class TilingRanges {

    /** mb, nb and kb of the release: 4 to 256. */
    static final List<Integer> BLOCKS = List.of(4, 8, 16, 32, 64, 128, 256);
    /** mr and nr of the release. */
    static final List<Integer> TILES = List.of(4, 8, 16, 32);
    /**
     * A block no axis reaches: {@link ShapeFit} clamps it to the whole axis. A power of two, so every
     * tile divides it.
     */
    static final int WHOLE_AXIS = 1 << 20;

    private TilingRanges() {
    }

    /** Every combination of the release's ranges with mr | mb and nr | nb: 3,388 of them. */
    static List<Tiling> release() {
        return combinations(BLOCKS);
    }

    /** The release's combinations plus those with whole-axis blocks. */
    static List<Tiling> withWholeAxes() {
        List<Integer> blocks = new ArrayList<>(BLOCKS);
        blocks.add(WHOLE_AXIS);
        return combinations(blocks);
    }

    private static List<Tiling> combinations(List<Integer> blocks) {
        List<Tiling> tilings = new ArrayList<>();
        for (int mb : blocks) {
            for (int nb : blocks) {
                for (int kb : blocks) {
                    for (int mr : TILES) {
                        for (int nr : TILES) {
                            if (mb % mr == 0 && nb % nr == 0) {
                                tilings.add(new Tiling(mb, nb, kb, mr, nr));
                            }
                        }
                    }
                }
            }
        }
        return tilings;
    }
}
