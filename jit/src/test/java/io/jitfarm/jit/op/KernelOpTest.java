package io.jitfarm.jit.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelOpTest {

    @Test
    void matmulOperandsAreTheProductsOfTheirDimensions() {
        assertThat(KernelOp.MATMUL.operandElements(List.of(640L, 768L, 2304L)))
                .containsExactly(640L * 768, 768L * 2304, 640L * 2304);
        assertThat(KernelOp.MATMUL.flops(List.of(640L, 768L, 2304L))).isEqualTo(2.0 * 640 * 768 * 2304);
    }

    @Test
    void batchedMatmulCountsEveryBatch() {
        assertThat(KernelOp.BATCH_MATMUL.operandElements(List.of(12L, 384L, 64L, 384L)))
                .containsExactly(12L * 384 * 64, 12L * 64 * 384, 12L * 384 * 384);
    }

    @Test
    void anOverflowingShapeSaturatesInsteadOfWrapping() {
        long huge = 1L << 40;
        assertThat(KernelOp.MATMUL.operandElements(List.of(huge, huge, 2L))[0]).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aShapeWithTheWrongNumberOfDimensionsIsRefused() {
        assertThatThrownBy(() -> KernelOp.MATMUL.flops(List.of(1L, 2L)))
                .hasMessageContaining("matmul takes 3 dimensions [M, K, N], got 2");
    }

    @Test
    void opsAreFoundByTheirNameInExperimentFiles() {
        assertThat(KernelOp.byWireName("batch_matmul")).contains(KernelOp.BATCH_MATMUL);
        assertThat(KernelOp.byWireName("conv")).isEmpty();
    }
}
