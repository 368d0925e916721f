package io.jitfarm.jit.tune;

import io.jitfarm.jit.kernel.Axis;
import io.jitfarm.jit.kernel.LoopOrder;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.Tiling;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes schedules fit an exact shape, so that configurations which would generate the same loops are
 * one candidate: blocks and tiles larger than the shape shrink to it, and knobs that cannot make a
 * difference for the shape take one canonical value.
 */
final class ShapeFit {

    private static final int LANES = 4;

    private ShapeFit() {
    }

    /**
     * A tile never exceeds the axis (mr at most M, nr at most N rounded up to whole vectors), a block
     * never exceeds the axis rounded up to whole tiles, kb never exceeds K. Divisibility is kept:
     * the clamped block is either the old one or the rounded axis, both multiples of the tile.
     */
    static Tiling clamp(Tiling tiling, MatMulShape shape) {
        int mr = Math.min(tiling.mr(), shape.m());
        int nr = Math.min(tiling.nr(), roundUp(shape.n(), LANES));
        return new Tiling(
                Math.min(tiling.mb(), roundUp(shape.m(), mr)),
                Math.min(tiling.nb(), roundUp(shape.n(), nr)),
                Math.min(tiling.kb(), shape.k()),
                mr, nr);
    }

    /**
     * The schedule with its tiling clamped, the first of the loop orders that nest the same loops
     * (loops of one iteration go anywhere) with B packed at the same depth, and no more unrolling
     * than a K block has steps.
     */
    static MatMulSchedule canonical(MatMulSchedule schedule, MatMulShape shape) {
        Tiling tiling = clamp(schedule.tiling(), shape);
        LoopOrder order = schedule.order();
        List<String> nesting = effectiveNesting(order, tiling, shape, schedule.packB());
        for (LoopOrder candidate : LoopOrder.values()) {
            if (effectiveNesting(candidate, tiling, shape, schedule.packB()).equals(nesting)) {
                order = candidate;
                break;
            }
        }
        int unroll = schedule.unroll();
        while (unroll > tiling.kb()) {
            unroll /= 2;
        }
        return new MatMulSchedule(tiling, order, schedule.packB(), unroll, schedule.fma(), schedule.split(),
                schedule.threads());
    }

    /** The loops that iterate more than once, outermost first, with "pack" where B is packed. */
    private static List<String> effectiveNesting(LoopOrder order, Tiling tiling, MatMulShape shape, boolean packB) {
        List<String> nesting = new ArrayList<>();
        List<Axis> loops = order.outerToInner();
        for (int depth = 0; depth < loops.size(); depth++) {
            Axis axis = loops.get(depth);
            if (shape.extent(axis) > tiling.block(axis)) {
                nesting.add(axis.name());
            }
            if (packB && depth == order.packingDepth()) {
                nesting.add("pack");
            }
        }
        return nesting;
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
