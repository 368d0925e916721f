package io.jitfarm.jit.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitfarm.jit.tools.NodeMatMul;
import io.jitfarm.jit.tools.Wabt;
import io.jitfarm.jit.wasm.MemoryImport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape-specialized generator on hand-picked schedules that between them take every branch of
 * it: each loop order, B packed and in place, each unrolling, FMA and mul + add, both splits, tiles of
 * 1 to 8 rows and 4 to 16 columns, blocks that do and do not divide the shape. The spaces' own tests
 * run every candidate; these check the contract with the page.
 */
class TunedMatMulTest {

    private static final List<MatMulSchedule> SCHEDULES = List.of(
            schedule(new Tiling(8, 16, 4, 4, 8), LoopOrder.IJK, false, 1, true, ThreadSplit.M),
            schedule(new Tiling(12, 24, 5, 3, 12), LoopOrder.IKJ, true, 2, false, ThreadSplit.N),
            schedule(new Tiling(16, 32, 7, 8, 16), LoopOrder.JKI, true, 4, true, ThreadSplit.M),
            schedule(new Tiling(1, 64, 8, 1, 16), LoopOrder.JKI, false, 4, false, ThreadSplit.N),
            schedule(new Tiling(64, 64, 64, 4, 8), LoopOrder.IKJ, false, 2, true, ThreadSplit.N),
            schedule(new Tiling(32, 8, 3, 2, 4), LoopOrder.IJK, true, 4, false, ThreadSplit.M));

    private static final List<MatMulShape> SHAPES = List.of(
            new MatMulShape(1, 1, 1),
            new MatMulShape(3, 5, 7),
            new MatMulShape(33, 65, 17),
            new MatMulShape(1, 768, 64),
            new MatMulShape(70, 19, 45),
            new MatMulShape(9, 200, 130));

    @TempDir
    static Path dir;

    @Test
    void aKernelFollowsTheThreadedConventionAndIsNamedAfterItsSchedule() {
        MatMulSchedule schedule = SCHEDULES.get(2);

        GeneratedKernel kernel = TunedMatMul.generate(schedule, new MatMulShape(33, 65, 17));

        assertThat(kernel.convention()).isEqualTo(CallingConvention.MATMUL_THREADED);
        assertThat(kernel.entryPoint()).isEqualTo("matmul");
        assertThat(kernel.variant()).isEqualTo(schedule.id());
    }

    @Test
    void oneThreadImportsAnUnsharedMemoryAndMoreThreadsASharedOneWithAMaximum() {
        MatMulShape shape = new MatMulShape(3, 5, 7);

        assertThat(TunedMatMul.generate(withThreads(SCHEDULES.get(0), 1), shape).memory()).isEqualTo(MemoryImport.env(1));
        assertThat(TunedMatMul.generate(withThreads(SCHEDULES.get(0), 4), shape).memory())
                .isEqualTo(MemoryImport.env(1).withMaxPages(TunedMatMul.SHARED_MEMORY_MAX_PAGES).asShared());
    }

    @Test
    void onlyKernelsThatPackBAskForScratchOneBBlockPerThread() {
        MatMulShape shape = new MatMulShape(33, 65, 17);

        assertThat(TunedMatMul.generate(SCHEDULES.get(0), shape).scratchBytesPerThread()).isZero();
        assertThat(TunedMatMul.generate(SCHEDULES.get(1), shape).scratchBytesPerThread()).isEqualTo(5 * 24 * 4);
    }

    /** Kernels without FMA must validate without relaxed SIMD, so they run where it is missing. */
    @Test
    void everyKernelIsValidWasmAndOnlyFmaKernelsNeedRelaxedSimd() {
        List<Path> fma = new ArrayList<>();
        List<Path> mulAdd = new ArrayList<>();
        forEachKernel((name, schedule, shape, kernel) ->
                (schedule.fma() ? fma : mulAdd).add(Wabt.write(dir, name + ".wasm", kernel.module())));

        assertThat(Wabt.invalidAmong(fma, Wabt.RELAXED_SIMD)).isEmpty();
        assertThat(Wabt.invalidAmong(mulAdd)).isEmpty();
    }

    /** Run by V8's optimizing compiler, as the browser runs hot kernels; the spaces' tests use the baseline one. */
    @Test
    void everyKernelComputesCWithAnyThreadCountFromOneToEight() {
        List<NodeMatMul.Run> runs = new ArrayList<>();
        forEachKernel((name, schedule, shape, kernel) ->
                runs.add(new NodeMatMul.Run(name, kernel, shape, IntStream.rangeClosed(1, 8).boxed().toList())));

        NodeMatMul.Report report = NodeMatMul.checkInParallel(dir, "thread-counts", runs, NodeMatMul.RELAXED_SIMD,
                NodeMatMul.OPTIMIZING_TIER);

        assertThat(report.accuracies()).hasSize(runs.size() * 8).allSatisfy(MatMulExecutionTest::assertCorrect);
        assertThat(report.inputsIntactByShape()).as("A and B unchanged").doesNotContainValue(false);
    }

    /**
     * Each thread run alone leaves NaN wherever it did not write; if the written counts add up to C
     * and all threads together cover C (the test above), no element is written twice.
     */
    @Test
    void eachThreadWritesOnlyItsShareAndTheSharesAddUpToC() {
        int threadCount = 3;
        List<NodeMatMul.Run> runs = new ArrayList<>();
        forEachKernel((name, schedule, shape, kernel) -> IntStream.range(0, threadCount).forEach(thread ->
                runs.add(new NodeMatMul.Run(name + "#" + thread, kernel, shape, List.of(threadCount), thread))));

        Map<String, List<NodeMatMul.Accuracy>> byName = NodeMatMul.checkInParallel(dir, "shares", runs,
                NodeMatMul.RELAXED_SIMD).byName();

        forEachKernel((name, schedule, shape, kernel) -> {
            int elements = shape.m() * shape.n();
            int written = IntStream.range(0, threadCount)
                    .map(thread -> elements - byName.get(name + "#" + thread).get(0).nonFiniteOutputs())
                    .sum();
            assertThat(written).as("elements written by the threads of %s", name).isEqualTo(elements);
        });
    }

    @Test
    void theIdNamesEveryKnobAndTheDescriptionReadsAsASentence() {
        MatMulSchedule schedule = new MatMulSchedule(new Tiling(64, 256, 128, 4, 8), LoopOrder.JKI, true, 2, true,
                ThreadSplit.M, 2);

        assertThat(schedule.id()).isEqualTo("m64n256k128-r4x8-jki-packB-u2-fma-splitM-t2");
        assertThat(schedule.description()).isEqualTo("4x8 register tiles in 64x256x128 (M x N x K) cache blocks,"
                + " block loops jki, B packed into nr-wide panels, k loop unrolled x2, relaxed-SIMD FMA,"
                + " 2 threads splitting M");
    }

    @Test
    void tilesAndBlocksThatDoNotNestAreRefused() {
        assertThatThrownBy(() -> new Tiling(64, 64, 64, 3, 8)).hasMessageContaining("multiple of mr");
        assertThatThrownBy(() -> new Tiling(64, 60, 64, 4, 6)).hasMessageContaining("multiple of 4");
        assertThatThrownBy(() -> new Tiling(64, 60, 64, 4, 8)).hasMessageContaining("dividing nb");
        assertThatThrownBy(() -> schedule(new Tiling(64, 64, 64, 4, 8), LoopOrder.JKI, true, 3, true, ThreadSplit.M))
                .hasMessageContaining("unroll");
    }

    private interface KernelVisitor {
        void visit(String name, MatMulSchedule schedule, MatMulShape shape, GeneratedKernel kernel);
    }

    private static void forEachKernel(KernelVisitor visitor) {
        for (MatMulSchedule schedule : SCHEDULES) {
            for (MatMulShape shape : SHAPES) {
                visitor.visit(schedule.id() + "@" + shape, schedule, shape, TunedMatMul.generate(schedule, shape));
            }
        }
    }

    private static MatMulSchedule schedule(Tiling tiling, LoopOrder order, boolean packB, int unroll, boolean fma,
            ThreadSplit split) {
        return new MatMulSchedule(tiling, order, packB, unroll, fma, split, 2);
    }

    private static MatMulSchedule withThreads(MatMulSchedule schedule, int threads) {
        return new MatMulSchedule(schedule.tiling(), schedule.order(), schedule.packB(), schedule.unroll(),
                schedule.fma(), schedule.split(), threads);
    }
}
