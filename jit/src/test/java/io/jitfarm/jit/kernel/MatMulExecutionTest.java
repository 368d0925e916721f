package io.jitfarm.jit.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.wasm.Operand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every kernel in Node (V8, as in Chrome) and compares it with a float64 reference. Only
 * correctness is checked: timing belongs to the browser farm, not to unit tests.
 */
class MatMulExecutionTest {

    /**
     * Relative to sum_k |A[i,k] * B[k,j]| per element (see run-matmul.mjs): fp32 accumulation over
     * K = 768 can be off by up to about 768 * 2^-24 = 4.6e-5 of that sum, well inside this bound.
     */
    private static final double TOLERANCE = 1e-4;

    private static final List<int[]> SHAPES = List.of(
            new int[] {1, 1, 1},
            new int[] {3, 5, 7},
            new int[] {4, 8, 8},
            new int[] {33, 65, 17},
            new int[] {1, 768, 64},
            new int[] {64, 64, 64},
            new int[] {128, 768, 768});

    @TempDir
    static Path dir;

    static Stream<Arguments> kernelsAndShapes() {
        return Kernels.all().flatMap(kernel -> SHAPES.stream().map(shape -> Arguments.of(Named.of(kernel.variant(), kernel), shape)));
    }

    @ParameterizedTest(name = "{0} on [M,K,N] = {1}")
    @MethodSource("kernelsAndShapes")
    void theKernelMatchesTheFloat64ReferenceAndWritesOnlyC(GeneratedKernel kernel, int[] shape) throws IOException {
        NodeMatMul.Accuracy accuracy = run(kernel, shape);

        assertThat(accuracy.nonFiniteOutputs()).as("elements of C left unwritten or NaN").isZero();
        assertThat(accuracy.guardsIntact()).as("memory around the matrices untouched").isTrue();
        assertThat(accuracy.maxRelError()).isLessThanOrEqualTo(TOLERANCE);
    }

    /** Guards against a harness that passes anything: a kernel that writes nothing must fail it. */
    @Test
    void aKernelThatLeavesCUnwrittenIsCaught() throws IOException {
        GeneratedKernel idle = new MatMulFunction().finish("idle");

        assertThat(run(idle, new int[] {3, 5, 7}).nonFiniteOutputs()).isEqualTo(3 * 7);
    }

    @Test
    void aKernelThatWritesPastTheEndOfCIsCaught() throws IOException {
        MatMulFunction f = new MatMulFunction();
        ScalarRegion.emit(f, Operand.i32(0), Operand.i32(0));
        f.pushElementAddress(f.c, f.m, Operand.i32(0), f.n);
        f.code().f32Const(0).f32Store(0);
        GeneratedKernel overrun = f.finish("overrun");

        NodeMatMul.Accuracy accuracy = run(overrun, new int[] {3, 5, 7});

        assertThat(accuracy.maxRelError()).as("C itself is right").isLessThanOrEqualTo(TOLERANCE);
        assertThat(accuracy.guardsIntact()).isFalse();
    }

    private static NodeMatMul.Accuracy run(GeneratedKernel kernel, int[] shape) throws IOException {
        return NodeMatMul.run(NodeMatMul.write(dir, kernel), kernel.entryPoint(), shape[0], shape[1], shape[2]);
    }
}
