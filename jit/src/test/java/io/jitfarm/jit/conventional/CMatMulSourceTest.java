package io.jitfarm.jit.conventional;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.LoopOrder;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.ThreadSplit;
import io.jitfarm.jit.kernel.Tiling;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The C follows the schedule the way TunedMatMul does; whether it computes C right is for
 * ConventionalKernelExecutionTest to run.
 */
class CMatMulSourceTest {

    private static final MatMulShape SHAPE = new MatMulShape(33, 65, 17);
    private static final Tiling TILING = new Tiling(8, 16, 32, 4, 8);

    @Test
    void theBlockLoopsNestInTheSchedulesOrder() {
        assertThat(source(LoopOrder.JKI, true, false)).containsSubsequence(
                "for (unsigned nStart", "for (unsigned kStart", "for (unsigned mStart");
        assertThat(source(LoopOrder.IKJ, true, false)).containsSubsequence(
                "for (unsigned mStart", "for (unsigned kStart", "for (unsigned nStart");
    }

    @Test
    void bIsPackedOnceItsColumnAndDepthBlocksAreFixedAndOnlyWhenTheSchedulePacksIt() {
        assertThat(source(LoopOrder.JKI, true, false))
                .containsSubsequence("for (unsigned kStart", "float *panelRow = scratch;", "for (unsigned mStart")
                .contains("const float *bTile = scratch;");
        assertThat(source(LoopOrder.JKI, false, false)).doesNotContain("scratch;")
                .contains("const float *bTile = b + kStart * 17 + nStart;");
    }

    @Test
    void edgesOfCGetTilesOfExactlyTheRowsAndColumnsLeft() {
        assertThat(source(LoopOrder.JKI, true, false))
                .contains("void tile_4x8(", "void tile_4x1(", "void tile_1x8(", "void tile_1x1(")
                .contains("store_lanes1(c + 0, sum0_0);");
    }

    @Test
    void anFmaScheduleIsTheMulAddCodeWithANoteSayingSo() {
        String fma = source(LoopOrder.JKI, true, true);

        assertThat(fma).contains("// The schedule asks for relaxed-SIMD FMA: multiply and add instead")
                .contains("wasm_f32x4_add(sum0_0, wasm_f32x4_mul(a0, b0))").doesNotContain("relaxed_madd");
        assertThat(code(fma)).isEqualTo(code(source(LoopOrder.JKI, true, false)));
    }

    @Test
    void theKUnrollExitsAfterEveryStepButTheLast() {
        assertThat(source(LoopOrder.JKI, true, false))
                .containsSubsequence("if (a + 1 >= aEnd) break;", "if (a + 2 >= aEnd) break;",
                        "if (a + 3 >= aEnd) break;", "a += 4;", "b += 32;", "} while (a < aEnd);")
                .doesNotContain("if (a + 4 >= aEnd)");
    }

    private static String code(String source) {
        return source.lines().filter(line -> !line.startsWith("//")).collect(Collectors.joining("\n"));
    }

    private static String source(LoopOrder order, boolean packB, boolean fma) {
        return CMatMulSource.generate(new MatMulSchedule(TILING, order, packB, 4, fma, ThreadSplit.N, 2), SHAPE);
    }
}
