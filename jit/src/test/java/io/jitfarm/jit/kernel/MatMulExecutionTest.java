package io.jitfarm.jit.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.tools.NodeMatMul;
import io.jitfarm.jit.wasm.Operand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every runtime-shape kernel in Node (V8, as in Chrome) and compares it with a float64
 * reference. Only correctness is checked: timing belongs to the browser farm, not to unit tests.
 */
class MatMulExecutionTest {

    /**
     * Relative to sum_k |A[i,k] * B[k,j]| per element (see run-matmul.mjs): fp32 accumulation over
     * K = 768 can be off by up to about 768 * 2^-24 = 4.6e-5 of that sum, well inside this bound.
     */
    static final double TOLERANCE = 1e-4;

    private static final List<MatMulShape> SHAPES = List.of(
            new MatMulShape(1, 1, 1),
            new MatMulShape(3, 5, 7),
            new MatMulShape(4, 8, 8),
            new MatMulShape(33, 65, 17),
            new MatMulShape(1, 768, 64),
            new MatMulShape(64, 64, 64),
            new MatMulShape(128, 768, 768));

    @TempDir
    static Path dir;

    /** All kernels on all shapes in one Node process; the tests below read their own line. */
    private static Map<String, List<NodeMatMul.Accuracy>> accuracies;

    @BeforeAll
    static void runEveryKernelOnEveryShape() {
        List<NodeMatMul.Run> runs = Kernels.all().flatMap(kernel -> SHAPES.stream().map(shape -> run(kernel, shape))).toList();
        accuracies = NodeMatMul.check(dir, "runtime-shape-kernels", runs).byName();
    }

    static Stream<Arguments> kernelsAndShapes() {
        return Kernels.all().flatMap(kernel -> SHAPES.stream().map(shape -> Arguments.of(Named.of(kernel.variant(), kernel), shape)));
    }

    @ParameterizedTest(name = "{0} on [M,K,N] = {1}")
    @MethodSource("kernelsAndShapes")
    void theKernelMatchesTheFloat64ReferenceAndWritesOnlyC(GeneratedKernel kernel, MatMulShape shape) {
        assertThat(accuracies.get(name(kernel, shape))).singleElement().satisfies(MatMulExecutionTest::assertCorrect);
    }

    /** Guards against a harness that passes anything: a kernel that writes nothing must fail it. */
    @Test
    void aKernelThatLeavesCUnwrittenIsCaught() {
        GeneratedKernel idle = new MatMulFunction().finish("idle");

        assertThat(checkAlone(idle, new MatMulShape(3, 5, 7)).nonFiniteOutputs()).isEqualTo(3 * 7);
    }

    @Test
    void aKernelThatWritesPastTheEndOfCIsCaught() {
        MatMulFunction f = new MatMulFunction();
        ScalarRegion.emit(f, Operand.i32(0), Operand.i32(0));
        f.pushElementAddress(f.c, f.m, Operand.i32(0), f.n);
        f.code().f32Const(0).f32Store(0);
        GeneratedKernel overrun = f.finish("overrun");

        NodeMatMul.Accuracy accuracy = checkAlone(overrun, new MatMulShape(3, 5, 7));

        assertThat(accuracy.maxRelError()).as("C itself is right").isLessThanOrEqualTo(TOLERANCE);
        assertThat(accuracy.guardsIntact()).isFalse();
    }

    /** Every element of C finite and within tolerance, nothing outside C written, no trap. */
    static void assertCorrect(NodeMatMul.Accuracy accuracy) {
        assertThat(accuracy.error()).as("%s with %d thread(s) trapped", accuracy.name(), accuracy.threadCount()).isNull();
        assertThat(accuracy.nonFiniteOutputs()).as("elements of C left unwritten or NaN").isZero();
        assertThat(accuracy.guardsIntact()).as("memory around the matrices untouched").isTrue();
        assertThat(accuracy.maxRelError()).isLessThanOrEqualTo(TOLERANCE);
    }

    private static NodeMatMul.Accuracy checkAlone(GeneratedKernel kernel, MatMulShape shape) {
        NodeMatMul.Report report = NodeMatMul.check(dir, kernel.variant(), List.of(run(kernel, shape)));
        return report.accuracies().get(0);
    }

    private static NodeMatMul.Run run(GeneratedKernel kernel, MatMulShape shape) {
        return new NodeMatMul.Run(name(kernel, shape), kernel, shape, List.of(1));
    }

    private static String name(GeneratedKernel kernel, MatMulShape shape) {
        return kernel.variant() + "@" + shape;
    }
}
