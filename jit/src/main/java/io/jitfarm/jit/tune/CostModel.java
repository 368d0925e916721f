package io.jitfarm.jit.tune;

import io.jitfarm.jit.kernel.Axis;
import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.Tiling;
import io.jitfarm.jit.profile.DeviceProfile;
import java.util.List;

/**
 * An analytic estimate of a tuned kernel's time, to order candidates best first and to tell the tuner
 * when the rest cannot plausibly win. It counts the cycles of the largest thread's share:
 * <ul>
 *   <li><b>micro-kernels</b>: per k step a tile issues rows x vectors multiply-adds and rows + vectors
 *       loads, and cannot go faster than one madd latency (each accumulator is updated once per
 *       step), plus the loop's own instructions spread over the unrolled steps. Edge tiles are
 *       counted with their own sizes. A tile whose live vectors (the register rule's count) exceed the
 *       device's registers spills. Without FMA, a madd costs the profile's {@code fmaSpeedup} times more.</li>
 *   <li><b>accumulators</b>: stored once per K block, and loaded back for every block after the first.</li>
 *   <li><b>caches</b>: A and B blocks beyond L1 are read from L2 (or memory, beyond L2); B read in place
 *       is slower than packed, its rows one row of B apart alias in L1.</li>
 *   <li><b>packing</b>: each packed B block is copied once per visit of the loops enclosing the packing,
 *       which for the JKI order excludes the M loop.</li>
 *   <li><b>streaming</b>: B beyond L2 comes from memory at least once, no faster than the bandwidth, less
 *       when a tile reads more rows of B at once than the prefetchers follow; this bounds
 *       matrix-vector shapes (later passes over B are assumed to hit an outer cache).</li>
 *   <li><b>threads</b>: the share's time divided by the profile's measured scaling per thread.</li>
 * </ul>
 * The constants are typical of current x86 and ARM cores, not measured per device; the tuner corrects
 * the scale with measurements, so what matters is the order.
 */
public final class CostModel {

    /** Turns cycles into time: DESIGN section 8's "about 20 GFLOP/s at 2.5 GHz" without FMA. */
    static final double CLOCK_GHZ = 2.5;
    /** f32x4 multiply-adds issued per cycle (two FMA pipes). */
    static final double MADDS_PER_CYCLE = 2;
    static final double LOADS_PER_CYCLE = 2;
    /** Cycles before an accumulator can take the next madd: the floor of a k step. */
    static final double MADD_LATENCY = 4;
    /** Pointer steps, compare and branch of one pass of the k loop. */
    static final double LOOP_CYCLES = 1;
    /** Relative slowdown per live vector beyond the registers, in units of the register count. */
    static final double SPILL_COST = 2;
    /** B read in place rather than from packed panels, as Node measurements of the anchor shapes suggest. */
    static final double IN_PLACE_B = 1.4;
    static final double L2_SLOWDOWN = 1.3;
    static final double MEMORY_SLOWDOWN = 2.5;
    /** Packing reads and writes every byte once. */
    static final double COPY_BYTES_PER_CYCLE = 8;
    /** One core streaming from memory. */
    static final double STREAM_BYTES_PER_CYCLE = 4;
    /** Rows of B streamed at once that the prefetchers keep up with. */
    static final int PREFETCH_STREAMS = 8;
    private static final int LANES = 4;

    private CostModel() {
    }

    /**
     * As {@link #predictedMs(MatMulSchedule, MatMulShape, DeviceProfile)} for {@code batches} matrices
     * whose B x (split-axis tiles) pieces of work are shared between the threads, plus the epilogue's
     * vector operations on every element of C (about 1 per vector for a bias or ReLU, 20 for GELU).
     */
    public static double predictedMs(MatMulSchedule schedule, int batches, MatMulShape shape, Epilogue epilogue,
                                     DeviceProfile profile) {
        double epilogueMs = epilogueCycles(epilogue) * Math.ceil(shape.n() / (double) LANES) * shape.m()
                / MADDS_PER_CYCLE / (CLOCK_GHZ * 1e6);
        if (batches == 1) {
            return predictedMs(schedule, shape, profile) + epilogueMs / schedule.threads() / threadEfficiency(profile,
                    schedule.threads());
        }
        Tiling t = schedule.tiling();
        Axis split = schedule.split().axis();
        int tiles = ceilDiv(shape.extent(split), t.tile(split));
        MatMulSchedule oneThread = new MatMulSchedule(t, schedule.order(), schedule.packB(), schedule.unroll(),
                schedule.fma(), schedule.split(), 1);
        double matrixMs = predictedMs(oneThread, shape, profile) + epilogueMs;
        int share = ceilDiv(Math.multiplyExact(batches, tiles), schedule.threads());
        return matrixMs * share / tiles / threadEfficiency(profile, schedule.threads());
    }

    private static double epilogueCycles(Epilogue epilogue) {
        double activation = switch (epilogue.activation()) {
            case NONE -> 0;
            case RELU -> 1;
            case GELU -> 20;
        };
        return (epilogue.bias() ? 1 : 0) + activation;
    }

    public static double predictedMs(MatMulSchedule schedule, MatMulShape shape, DeviceProfile profile) {
        Tiling t = schedule.tiling();
        Axis split = schedule.split().axis();
        int splitTiles = ceilDiv(shape.extent(split), t.tile(split));
        int shareExtent = Math.min(ceilDiv(splitTiles, schedule.threads()) * t.tile(split), shape.extent(split));
        int m = split == Axis.M ? shareExtent : shape.m();
        int n = split == Axis.N ? shareExtent : shape.n();
        int k = shape.k();
        int kBlocks = ceilDiv(k, t.kb());
        // How often the M loop runs around the packing.
        int packPasses = schedule.order().repacksForEachRowBlock() ? ceilDiv(m, t.mb()) : 1;

        double micro = 0;
        for (int rows : new int[] {t.mr(), m % t.mr()}) {
            for (int columns : new int[] {t.nr(), n % t.nr()}) {
                if (rows > 0 && columns > 0) {
                    double tiles = (double) (rows == t.mr() ? m / t.mr() : 1) * (columns == t.nr() ? n / t.nr() : 1);
                    micro += tiles * k * stepCycles(rows, columns, schedule, profile);
                }
            }
        }
        double tiles = (double) ceilDiv(m, t.mr()) * ceilDiv(n, t.nr());
        double accumulators = tiles * t.mr() * ceilDiv(t.nr(), LANES) * (2.0 * kBlocks - 1) / LOADS_PER_CYCLE;
        double cache = t.l1FootprintBytes() <= profile.l1Bytes() ? 1
                : t.l1FootprintBytes() <= profile.l2Bytes() ? L2_SLOWDOWN : MEMORY_SLOWDOWN;
        double compute = (micro * (schedule.packB() ? 1 : IN_PLACE_B) + accumulators) * cache;

        double packing = schedule.packB()
                ? (double) packPasses * ceilDiv(n, t.nb()) * kBlocks * t.kb() * t.nb() * Float.BYTES * 2 / COPY_BYTES_PER_CYCLE
                : 0;
        double bBytes = (double) k * n * Float.BYTES;
        // Read in place, a tile streams kb rows of B at once; packing reads them one row after another.
        double prefetched = schedule.packB() ? 1 : Math.min(1.0, (double) PREFETCH_STREAMS / t.kb());
        double streaming = bBytes <= profile.l2Bytes() ? 0 : bBytes / (STREAM_BYTES_PER_CYCLE * prefetched);

        double cycles = Math.max(compute + packing, streaming) / threadEfficiency(profile, schedule.threads());
        return cycles / (CLOCK_GHZ * 1e6);
    }

    /** Cycles of one k step of a rows x columns tile. */
    static double stepCycles(int rows, int columns, MatMulSchedule schedule, DeviceProfile profile) {
        int vectors = ceilDiv(columns, LANES);
        int madds = rows * vectors;
        int loads = rows + vectors;
        double maddCycles = (schedule.fma() ? 1 : fmaSpeedup(profile)) / MADDS_PER_CYCLE;
        double cycles = Math.max(Math.max(madds * maddCycles, loads / LOADS_PER_CYCLE), MADD_LATENCY)
                + LOOP_CYCLES / schedule.unroll();
        int live = madds + loads;
        int registers = profile.simdRegisters();
        return live <= registers ? cycles : cycles * (1 + SPILL_COST * (live - registers) / registers);
    }

    /** Speedup over one thread per thread: 1 when scaling is perfect. */
    private static double threadEfficiency(DeviceProfile profile, int threads) {
        List<Double> scaling = profile.threadScaling();
        double speedup = scaling.isEmpty() ? 1 : scaling.get(Math.min(threads, scaling.size()) - 1);
        return Math.max(speedup, 1) / threads;
    }

    private static double fmaSpeedup(DeviceProfile profile) {
        return profile.fmaSpeedup() > 0 ? profile.fmaSpeedup() : 1;
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }
}
