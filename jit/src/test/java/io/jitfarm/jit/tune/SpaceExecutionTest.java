package io.jitfarm.jit.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.tools.NodeMatMul;
import io.jitfarm.jit.tools.Wabt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every candidate of the spaces, generated, validated and run in Node on the float64 reference, once
 * with one thread and once with several run one after the other (the same result as parallel
 * workers, since thread shares are disjoint). A space test passes only if all its candidates do.
 *
 * <p>The full space is run on shapes where it stays in the thousands ([64,64,64] alone would be
 * 13,320 candidates; the lite space covers it). wasm-validate checks every lite candidate and every
 * 50th of the full space; Node's own validation checks all of them.
 */
class SpaceExecutionTest {

    private static final double TOLERANCE = 1e-4;
    private static final int FULL_SPACE_VALIDATION_STRIDE = 50;
    /** For one-thread candidates: a thread count that does not divide the tiles evenly. */
    private static final int UNEVEN_THREADS = 3;

    private static final List<MatMulShape> LITE_SHAPES = List.of(
            new MatMulShape(1, 1, 1), new MatMulShape(3, 5, 7), new MatMulShape(33, 65, 17),
            new MatMulShape(1, 768, 2304), new MatMulShape(64, 64, 64), new MatMulShape(100, 70, 90),
            new MatMulShape(130, 300, 50));

    @TempDir
    static Path dir;

    /** The lite cases' results by case; all lite candidates run in one batch per Node flag set. */
    private static Map<String, List<NodeMatMul.Accuracy>> liteAccuracies;
    private static List<String> liteInvalid;
    private static Map<String, Boolean> liteInputsIntact;

    record Case(String profileName, DeviceProfile profile, MatMulShape shape, int threads) {

        List<MatMulCandidate> candidates(MatMulSpace space) {
            return space.candidates(profile, shape, threads);
        }

        List<Integer> threadCounts() {
            return List.of(1, threads == 1 ? UNEVEN_THREADS : threads);
        }

        @Override
        public String toString() {
            return shape + " on " + profileName + ", " + threads + " thread(s)";
        }
    }

    static Stream<Case> liteCases() {
        return Stream.of(
                        new Case("x86", Profiles.X86, null, 0),
                        new Case("ARM", Profiles.ARM, null, 0),
                        new Case("x86 without relaxed SIMD", Profiles.withoutRelaxedSimd(Profiles.X86), null, 0))
                .flatMap(profile -> LITE_SHAPES.stream().flatMap(shape -> Stream.of(1, 2)
                        .map(threads -> new Case(profile.profileName(), profile.profile(), shape, threads))));
    }

    static Stream<Arguments> fullCases() {
        DeviceProfile mulAdd = Profiles.withoutRelaxedSimd(Profiles.X86);
        return Stream.of(
                new Case("x86", Profiles.X86, new MatMulShape(1, 1, 1), 1),
                new Case("x86", Profiles.X86, new MatMulShape(3, 5, 7), 1),
                new Case("x86", Profiles.X86, new MatMulShape(33, 65, 17), 1),
                new Case("x86", Profiles.X86, new MatMulShape(1, 768, 2304), 1),
                new Case("x86", Profiles.X86, new MatMulShape(1, 1, 1), 2),
                new Case("x86", Profiles.X86, new MatMulShape(3, 5, 7), 2),
                new Case("x86", Profiles.X86, new MatMulShape(5, 17, 9), 2),
                new Case("x86 without relaxed SIMD", mulAdd, new MatMulShape(2, 40, 3), 2),
                new Case("x86 without relaxed SIMD", mulAdd, new MatMulShape(17, 3, 6), 2)).map(Arguments::of);
    }

    @BeforeAll
    static void runEveryLiteCandidate() {
        List<NodeMatMul.Run> fma = new ArrayList<>();
        List<NodeMatMul.Run> mulAdd = new ArrayList<>();
        List<Path> fmaFiles = new ArrayList<>();
        List<Path> mulAddFiles = new ArrayList<>();
        liteCases().forEach(liteCase -> {
            for (MatMulCandidate candidate : liteCase.candidates(MatMulSpace.LITE)) {
                String name = name(liteCase, candidate);
                GeneratedKernel kernel = candidate.generate();
                boolean usesFma = candidate.schedule().fma();
                (usesFma ? fma : mulAdd).add(new NodeMatMul.Run(name, kernel, liteCase.shape(), liteCase.threadCounts()));
                (usesFma ? fmaFiles : mulAddFiles).add(Wabt.write(dir, fileName(name), kernel.module()));
            }
        });
        NodeMatMul.Report fmaReport = NodeMatMul.check(dir, "lite-fma", fma, NodeMatMul.RELAXED_SIMD,
                NodeMatMul.BASELINE_TIER);
        NodeMatMul.Report mulAddReport = NodeMatMul.check(dir, "lite-muladd", mulAdd, NodeMatMul.BASELINE_TIER);
        liteAccuracies = Stream.concat(fmaReport.accuracies().stream(), mulAddReport.accuracies().stream())
                .collect(Collectors.groupingBy(accuracy -> accuracy.name().substring(0, accuracy.name().indexOf(" | "))));
        liteInvalid = Stream.concat(Wabt.invalidAmong(fmaFiles, Wabt.RELAXED_SIMD).stream(),
                Wabt.invalidAmong(mulAddFiles).stream()).toList();
        liteInputsIntact = Stream.concat(fmaReport.inputsIntactByShape().entrySet().stream(),
                        mulAddReport.inputsIntactByShape().entrySet().stream())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Boolean::logicalAnd));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("liteCases")
    void everyLiteCandidateIsValidAndComputesC(Case liteCase) {
        List<MatMulCandidate> candidates = liteCase.candidates(MatMulSpace.LITE);

        assertThat(candidates).isNotEmpty();
        assertThat(liteAccuracies.get(liteCase.toString()))
                .hasSize(candidates.size() * liteCase.threadCounts().size())
                .allSatisfy(SpaceExecutionTest::assertCorrect);
        assertThat(liteInvalid).isEmpty();
        assertThat(liteInputsIntact).doesNotContainValue(false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullCases")
    void everyFullSpaceCandidateComputesC(Case fullCase) {
        List<MatMulCandidate> candidates = fullCase.candidates(MatMulSpace.FULL);
        List<GeneratedKernel> kernels = candidates.parallelStream().map(MatMulCandidate::generate).toList();
        List<NodeMatMul.Run> runs = IntStream.range(0, candidates.size())
                .mapToObj(i -> new NodeMatMul.Run(candidates.get(i).id(), kernels.get(i), fullCase.shape(),
                        fullCase.threadCounts()))
                .toList();
        List<Path> sample = IntStream.range(0, candidates.size())
                .filter(i -> i % FULL_SPACE_VALIDATION_STRIDE == 0 || i == candidates.size() - 1)
                .mapToObj(i -> Wabt.write(dir, fileName(candidates.get(i).id()), kernels.get(i).module()))
                .toList();
        boolean fma = fullCase.profile().relaxedSimd();

        NodeMatMul.Report report = fma
                ? NodeMatMul.checkInParallel(dir, "full", runs, NodeMatMul.RELAXED_SIMD, NodeMatMul.BASELINE_TIER)
                : NodeMatMul.checkInParallel(dir, "full", runs, NodeMatMul.BASELINE_TIER);

        assertThat(report.accuracies()).hasSize(runs.size() * fullCase.threadCounts().size());
        List<NodeMatMul.Accuracy> wrong = report.accuracies().stream().filter(accuracy -> !isCorrect(accuracy)).toList();
        assertThat(wrong).as("%d of %d candidates", candidates.size(), candidates.size()).isEmpty();
        assertThat(report.inputsIntactByShape()).doesNotContainValue(false);
        assertThat(fma ? Wabt.invalidAmong(sample, Wabt.RELAXED_SIMD) : Wabt.invalidAmong(sample)).isEmpty();
    }

    private static void assertCorrect(NodeMatMul.Accuracy accuracy) {
        assertThat(isCorrect(accuracy)).as("%s", accuracy).isTrue();
    }

    /** Every element of C finite and within tolerance, nothing outside C and the scratch written, no trap. */
    private static boolean isCorrect(NodeMatMul.Accuracy accuracy) {
        return accuracy.error() == null && accuracy.nonFiniteOutputs() == 0 && accuracy.guardsIntact()
                && accuracy.maxRelError() <= TOLERANCE;
    }

    private static String name(Case liteCase, MatMulCandidate candidate) {
        return liteCase + " | " + candidate.id();
    }

    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".wasm";
    }
}
