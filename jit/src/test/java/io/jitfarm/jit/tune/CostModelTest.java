package io.jitfarm.jit.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.jitfarm.jit.kernel.LoopOrder;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.ThreadSplit;
import io.jitfarm.jit.kernel.Tiling;
import io.jitfarm.jit.profile.DeviceProfile;
import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final MatMulShape BERT_QKV = new MatMulShape(640, 768, 2304);
    private static final Tiling GOOD_TILING = new Tiling(64, 64, 64, 4, 8);

    @Test
    void aOneByFourTileWithoutBlockingRanksBelowABlocked4x8Tile() {
        MatMulSchedule bad = schedule(new Tiling(640, 2304, 768, 1, 4), LoopOrder.IJK, false, 1, ThreadSplit.M, 1);
        MatMulSchedule good = schedule(GOOD_TILING, LoopOrder.JKI, true, 4, ThreadSplit.M, 1);

        assertThat(ms(bad, Profiles.X86)).isGreaterThan(3 * ms(good, Profiles.X86));
    }

    @Test
    void theGoodCandidateIsPredictedAtAPlausibleSpeed() {
        double gflops = BERT_QKV.flops() / (ms(schedule(GOOD_TILING, LoopOrder.JKI, true, 4, ThreadSplit.M, 1),
                Profiles.X86) * 1e6);

        assertThat(gflops).as("between the non-FMA limit and twice it (DESIGN section 8)").isBetween(20.0, 40.0);
    }

    @Test
    void anEightByEightTileSpillsOnX86ButNotOnArm() {
        MatMulSchedule fourByEight = schedule(GOOD_TILING, LoopOrder.JKI, true, 4, ThreadSplit.M, 1);
        MatMulSchedule eightByEight = schedule(new Tiling(64, 64, 64, 8, 8), LoopOrder.JKI, true, 4, ThreadSplit.M, 1);

        assertThat(ms(eightByEight, Profiles.X86)).isGreaterThan(ms(fourByEight, Profiles.X86));
        assertThat(ms(eightByEight, Profiles.ARM)).isLessThan(ms(fourByEight, Profiles.ARM));
    }

    @Test
    void packingPaysOffWhenManyRowsReuseB() {
        assertThat(ms(schedule(GOOD_TILING, LoopOrder.JKI, true, 4, ThreadSplit.M, 1), Profiles.X86))
                .isLessThan(ms(schedule(GOOD_TILING, LoopOrder.JKI, false, 4, ThreadSplit.M, 1), Profiles.X86));
    }

    @Test
    void packingOnceForAllRowsBeatsRepackingForEachRowBlock() {
        assertThat(ms(schedule(GOOD_TILING, LoopOrder.JKI, true, 4, ThreadSplit.M, 1), Profiles.X86))
                .isLessThan(ms(schedule(GOOD_TILING, LoopOrder.IKJ, true, 4, ThreadSplit.M, 1), Profiles.X86));
    }

    @Test
    void threadsShortenTheTimeAsMuchAsTheProfileSaysTheyScale() {
        double one = ms(schedule(GOOD_TILING, LoopOrder.JKI, true, 4, ThreadSplit.N, 1), Profiles.X86);
        double two = ms(schedule(GOOD_TILING, LoopOrder.JKI, true, 4, ThreadSplit.N, 2), Profiles.X86);

        assertThat(one / two).isCloseTo(Profiles.X86.threadScaling().get(1), offset(0.1));
    }

    @Test
    void aSplitThatLeavesThreadsIdleIsPredictedSlower() {
        MatMulShape gemv = new MatMulShape(1, 4096, 4096);
        Tiling rowTiles = new Tiling(1, 4096, 8, 1, 16);

        assertThat(CostModel.predictedMs(schedule(rowTiles, LoopOrder.IJK, false, 4, ThreadSplit.N, 2), gemv, Profiles.X86))
                .isLessThan(CostModel.predictedMs(schedule(rowTiles, LoopOrder.IJK, false, 4, ThreadSplit.M, 2), gemv,
                        Profiles.X86));
    }

    private static MatMulSchedule schedule(Tiling tiling, LoopOrder order, boolean packB, int unroll, ThreadSplit split,
            int threads) {
        return new MatMulSchedule(tiling, order, packB, unroll, true, split, threads);
    }

    private static double ms(MatMulSchedule schedule, DeviceProfile profile) {
        return CostModel.predictedMs(schedule, BERT_QKV, profile);
    }
}
