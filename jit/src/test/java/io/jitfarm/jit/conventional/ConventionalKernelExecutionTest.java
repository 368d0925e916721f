package io.jitfarm.jit.conventional;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.TunedMatMul;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.tools.NodeMatMul;
import io.jitfarm.jit.tools.Wabt;
import io.jitfarm.jit.tune.MatMulCandidate;
import io.jitfarm.jit.tune.MatMulSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conventional pipeline's kernels (schedule to C, clang and wasm-ld) for a selection of lite-space
 * schedules, run in Node on the float64 reference like the JIT's own: a timing comparison between the
 * pipelines means something only if both compute the same MatMul. Two-thread kernels are called as
 * thread 0 then thread 1 on the same memory, which computes what two parallel workers would.
 */
class ConventionalKernelExecutionTest {

    /** As for the JIT's kernels (see MatMulExecutionTest): relative to sum_k |A[i,k] * B[k,j]|. */
    private static final double TOLERANCE = 1e-4;
    /** For one-thread kernels: a thread count that does not divide the tiles evenly. */
    private static final int UNEVEN_THREADS = 3;
    private static final List<MatMulShape> SHAPES = List.of(
            new MatMulShape(33, 65, 17), new MatMulShape(1, 768, 64), new MatMulShape(64, 64, 64));

    @TempDir
    static Path dir;

    private static Map<String, GeneratedKernel> kernels;
    private static Map<String, List<NodeMatMul.Accuracy>> accuracies;
    private static Map<String, Boolean> inputsIntact;

    /** One schedule of one shape's lite space, under a name that says which. */
    record Case(MatMulSchedule schedule, MatMulShape shape) {

        String name() {
            return shape + " " + schedule.id();
        }

        List<Integer> threadCounts() {
            return List.of(1, schedule.threads() == 1 ? UNEVEN_THREADS : schedule.threads());
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /**
     * For every shape, with and without FMA, on 1 and 2 threads: the best-predicted lite candidate that
     * packs B and the best that reads it in place (only in place for M = 1, where no two row tiles share B).
     */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (MatMulShape shape : SHAPES) {
            for (boolean fma : List.of(true, false)) {
                for (int threads : List.of(1, 2)) {
                    List<MatMulCandidate> candidates = MatMulSpace.LITE.candidates(profile(fma), shape, threads);
                    for (boolean packB : List.of(true, false)) {
                        candidates.stream().filter(candidate -> candidate.schedule().packB() == packB).findFirst()
                                .ifPresent(candidate -> cases.add(new Case(candidate.schedule(), shape)));
                    }
                }
            }
        }
        return cases;
    }

    @BeforeAll
    static void compileAndRunEveryCase() {
        ClangPipeline clang = new ClangPipeline(ClangPipeline.DEFAULT_CLANG, dir);
        List<Case> cases = cases();
        kernels = cases.parallelStream().collect(Collectors.toMap(Case::name,
                selected -> ConventionalMatMul.generate(clang, selected.schedule(), selected.shape())));
        // No relaxed-SIMD flag: clang's kernels must run without it (see CMatMulSource.FMA_SUBSTITUTION).
        NodeMatMul.Report report = NodeMatMul.check(dir, "clang-kernels", cases.stream()
                .map(selected -> new NodeMatMul.Run(selected.name(), kernels.get(selected.name()), selected.shape(),
                        selected.threadCounts()))
                .toList());
        accuracies = report.byName();
        inputsIntact = report.inputsIntactByShape();
    }

    @Test
    void theSelectionCoversPackedAndInPlaceBFmaAndMulAddOneAndTwoThreadsAndMatrixVector() {
        List<MatMulSchedule> schedules = cases().stream().map(Case::schedule).toList();

        assertThat(schedules).anyMatch(MatMulSchedule::packB).anyMatch(schedule -> !schedule.packB())
                .anyMatch(MatMulSchedule::fma).anyMatch(schedule -> !schedule.fma())
                .anyMatch(schedule -> schedule.threads() == 1).anyMatch(schedule -> schedule.threads() == 2);
        assertThat(cases()).anyMatch(selected -> selected.shape().m() == 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theClangKernelMatchesTheFloat64ReferenceAndWritesOnlyCAndItsScratch(Case selected) {
        assertThat(accuracies.get(selected.name())).hasSize(selected.threadCounts().size()).allSatisfy(accuracy -> {
            assertThat(accuracy.error()).as("%s with %d thread(s) trapped", accuracy.name(), accuracy.threadCount())
                    .isNull();
            assertThat(accuracy.nonFiniteOutputs()).as("elements of C left unwritten or NaN").isZero();
            assertThat(accuracy.guardsIntact()).as("memory around the matrices and scratch untouched").isTrue();
            assertThat(accuracy.maxRelError()).isLessThanOrEqualTo(TOLERANCE);
        });
        assertThat(inputsIntact).doesNotContainValue(false);
    }

    @Test
    void everyClangModuleIsValidWithoutRelaxedSimd() {
        List<Path> files = kernels.entrySet().stream()
                .map(entry -> Wabt.write(dir, fileName(entry.getKey()), entry.getValue().module())).toList();

        assertThat(Wabt.invalidAmong(files)).isEmpty();
    }

    /** wasm-ld was told to reserve no stack: a kernel that used one would write into the page's matrices. */
    @Test
    void noClangModuleTouchesTheShadowStack() {
        assertThat(kernels).allSatisfy((name, kernel) -> assertThat(
                Wabt.disassemble(Wabt.write(dir, fileName(name), kernel.module()))).doesNotContain("global."));
    }

    @Test
    void theClangModuleImportsTheSameMemoryAsTheJitsKernelOfTheSameSchedule() {
        Function<GeneratedKernel, String> memoryImport = kernel -> Wabt.disassemble(
                Wabt.write(dir, "import-" + kernel.variant() + ".wasm", kernel.module())).lines()
                .filter(line -> line.contains("(import")).collect(Collectors.joining("\n"));

        assertThat(cases()).allSatisfy(selected -> assertThat(memoryImport.apply(kernels.get(selected.name())))
                .isEqualTo(memoryImport.apply(TunedMatMul.generate(selected.schedule(), selected.shape()))));
    }

    private static DeviceProfile profile(boolean fma) {
        return new DeviceProfile(16, 32 * 1024, 512 * 1024, fma, 1.4, 2, List.of(1.0, 1.8));
    }

    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".wasm";
    }
}
