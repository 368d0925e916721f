package io.jitfarm.jit.tune;

import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.kernel.LoopOrder;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.ThreadSplit;
import io.jitfarm.jit.kernel.Tiling;
import io.jitfarm.jit.op.KernelOp;
import io.jitfarm.jit.profile.DeviceProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The MatMul optimization spaces. Both cross tilings with the other knobs, make every schedule fit
 * the shape ({@link ShapeFit#canonical}), drop duplicates and order the rest by the cost model, best
 * predicted first.
 *
 * <p>Knobs both spaces set alike: FMA exactly when the device has relaxed SIMD (relaxed_madd is never
 * slower than mul + add, and does not validate without it); one thread splits nothing, so it gets
 * the M split only.
 */
public enum MatMulSpace {

    /**
     * The pruned space: the tilings {@link LiteRules} keep, the loop orders JKI and IKJ, B packed or
     * not (only read in place when no two row tiles share it), k unrolled 4 times, and only splits
     * that give every thread a tile. Unrolling is fixed because in V8 the factor makes no measurable
     * difference (TurboFan unrolls small loops itself), while engines that do not unroll gain from it.
     */
    LITE {
        @Override
        List<Tiling> tilings(DeviceProfile profile, MatMulShape shape) {
            return LiteRules.survivors(profile, shape);
        }

        @Override
        List<LoopOrder> orders() {
            return List.of(LoopOrder.JKI, LoopOrder.IKJ);
        }

        @Override
        List<Boolean> packings(Tiling tiling, MatMulShape shape) {
            return shape.m() > tiling.mr() ? List.of(true, false) : List.of(false);
        }

        @Override
        List<Integer> unrolls() {
            return List.of(4);
        }

        @Override
        List<ThreadSplit> splits(Tiling tiling, MatMulShape shape, int threads) {
            List<ThreadSplit> everyThreadATile = List.of(ThreadSplit.values()).stream()
                    .filter(split -> tiles(split, tiling, shape) >= threads).toList();
            return !everyThreadATile.isEmpty() ? everyThreadATile : List.of(
                    tiles(ThreadSplit.M, tiling, shape) >= tiles(ThreadSplit.N, tiling, shape) ? ThreadSplit.M : ThreadSplit.N);
        }
    },

    /**
     * The unpruned, TVM-like space, to measure what pruning buys: every combination of block and tile
     * sizes in the release's ranges and whole-axis blocks, every loop order, packing, unrolling and split.
     */
    FULL {
        @Override
        List<Tiling> tilings(DeviceProfile profile, MatMulShape shape) {
            return TilingRanges.withWholeAxes();
        }

        @Override
        List<LoopOrder> orders() {
            return List.of(LoopOrder.values());
        }

        @Override
        List<Boolean> packings(Tiling tiling, MatMulShape shape) {
            return List.of(true, false);
        }

        @Override
        List<Integer> unrolls() {
            return MatMulSchedule.UNROLLS;
        }

        @Override
        List<ThreadSplit> splits(Tiling tiling, MatMulShape shape, int threads) {
            return List.of(ThreadSplit.values());
        }
    };

    /** {@code lite} or {@code full}, as experiment files name them. */
    public static MatMulSpace named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The candidates for {@code threads} threads, best predicted first. */
    public List<MatMulCandidate> candidates(DeviceProfile profile, MatMulShape shape, int threads) {
        return candidates(profile, KernelOp.MATMUL, 1, shape, Epilogue.NONE, threads);
    }

    /**
     * The candidates of any GEMM-like op, best predicted first: {@code shape} lists the op's dimensions
     * ({@link KernelOp#dimensions()}: [M,K,N], or [B,M,K,N] for {@link KernelOp#BATCH_MATMUL}), and
     * {@code epilogue} applies to {@link KernelOp#LINEAR} only (pass {@link Epilogue#NONE} otherwise).
     * Batched, the tilings are those of one [M,K,N] matrix, and a split qualifies when the batches
     * times its tiles give every thread work.
     */
    public List<MatMulCandidate> candidates(DeviceProfile profile, KernelOp op, List<Integer> shape, Epilogue epilogue,
                                            int threads) {
        return candidates(profile, op, batches(op, shape), matrix(op, shape), op == KernelOp.LINEAR ? epilogue : Epilogue.NONE,
                threads);
    }

    /**
     * The GEMM a hand-written library would ship: one schedule for every shape and device, never
     * tuned, fitted to the shape. 4x8 register tiles as {@link io.jitfarm.jit.kernel.HandwrittenSimdMatMul}'s
     * in 64x256x256 blocks (an A and a B block fill a typical 256 KiB L2), B read in place, no
     * unrolling, mul + add (no relaxed SIMD needed), rows split between threads. Whole-model runs
     * compare tuned plans with it. Shape and epilogue as for
     * {@link #candidates(DeviceProfile, KernelOp, List, Epilogue, int)}.
     */
    public static MatMulCandidate untuned(KernelOp op, List<Integer> shape, Epilogue epilogue, int threads) {
        MatMulShape matrix = matrix(op, shape);
        MatMulSchedule schedule = new MatMulSchedule(new Tiling(64, 256, 256, 4, 8), LoopOrder.IJK, false, 1, false,
                ThreadSplit.M, threads);
        return new MatMulCandidate(ShapeFit.canonical(schedule, matrix), matrix, Double.NaN, op, batches(op, shape),
                op == KernelOp.LINEAR ? epilogue : Epilogue.NONE);
    }

    private static int batches(KernelOp op, List<Integer> shape) {
        if (shape.size() != op.dimensions().size()) {
            throw new IllegalArgumentException(op.wireName() + " takes dimensions " + op.dimensions() + ", got " + shape);
        }
        int batches = op == KernelOp.BATCH_MATMUL ? shape.get(0) : 1;
        if (batches < 1) {
            throw new IllegalArgumentException("B must be at least 1: " + shape);
        }
        return batches;
    }

    private static MatMulShape matrix(KernelOp op, List<Integer> shape) {
        int at = op == KernelOp.BATCH_MATMUL ? 1 : 0;
        return new MatMulShape(shape.get(at), shape.get(at + 1), shape.get(at + 2));
    }

    private List<MatMulCandidate> candidates(DeviceProfile profile, KernelOp op, int batches, MatMulShape shape,
                                             Epilogue epilogue, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        if (op != KernelOp.LINEAR && !epilogue.isNone()) {
            throw new IllegalArgumentException(op.wireName() + " takes no epilogue: " + epilogue);
        }
        // Batched, each split tile comes once per batch: a split needs only ceil(threads / B) of them.
        int threadsPerMatrix = (threads + batches - 1) / batches;
        Set<MatMulSchedule> schedules = new LinkedHashSet<>();
        for (Tiling tiling : tilings(profile, shape)) {
            for (LoopOrder order : orders()) {
                for (boolean packB : packings(tiling, shape)) {
                    for (int unroll : unrolls()) {
                        for (ThreadSplit split : threads == 1 ? List.of(ThreadSplit.M) : splits(tiling, shape, threadsPerMatrix)) {
                            schedules.add(ShapeFit.canonical(new MatMulSchedule(tiling, order, packB, unroll,
                                    profile.relaxedSimd(), split, threads), shape));
                        }
                    }
                }
            }
        }
        List<MatMulCandidate> candidates = new ArrayList<>();
        for (MatMulSchedule schedule : schedules) {
            candidates.add(new MatMulCandidate(schedule, shape,
                    CostModel.predictedMs(schedule, batches, shape, epilogue, profile), op, batches, epilogue));
        }
        candidates.sort(Comparator.comparingDouble(MatMulCandidate::predictedMs).thenComparing(MatMulCandidate::id));
        return candidates;
    }

    abstract List<Tiling> tilings(DeviceProfile profile, MatMulShape shape);

    abstract List<LoopOrder> orders();

    abstract List<Boolean> packings(Tiling tiling, MatMulShape shape);

    abstract List<Integer> unrolls();

    abstract List<ThreadSplit> splits(Tiling tiling, MatMulShape shape, int threads);

    /** Register tiles along the split axis, after fitting the tiling to the shape. */
    static int tiles(ThreadSplit split, Tiling tiling, MatMulShape shape) {
        Tiling fitted = ShapeFit.clamp(tiling, shape);
        int tile = fitted.tile(split.axis());
        return (shape.extent(split.axis()) + tile - 1) / tile;
    }
}
