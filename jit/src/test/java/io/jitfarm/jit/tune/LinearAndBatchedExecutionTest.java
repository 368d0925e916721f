package io.jitfarm.jit.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.CallingConvention;
import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.kernel.Epilogue.Activation;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.op.KernelOp;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lite candidate of the Linear (each epilogue) and batched MatMul spaces, and the untuned
 * schedule ({@link MatMulSpace#untuned}), generated, validated
 * and run in Node against the float64 reference, as {@link SpaceExecutionTest} does for MatMul: with
 * one thread, and with two threads called one after the other on the same memory. The tolerance is
 * MatMul's 1e-4 of sum_k |a w| (+ |bias|) also with GELU: the kernel's GELU is within 2.1e-7 |x| of
 * the float64 formula, and GELU's slope (at most 1.13) barely scales the fp32 rounding error (see
 * referenceFor in src/test/node/matmul-memory.mjs).
 */
class LinearAndBatchedExecutionTest {

    private static final double TOLERANCE = 1e-4;
    private static final List<Integer> THREAD_COUNTS = List.of(1, 2);
    private static final List<List<Integer>> LINEAR_SHAPES = List.of(List.of(3, 5, 7), List.of(33, 65, 17),
            List.of(1, 768, 64));
    private static final List<List<Integer>> BATCHED_SHAPES = List.of(List.of(2, 3, 5, 7), List.of(12, 33, 16, 33),
            List.of(3, 1, 64, 17));

    @TempDir
    static Path dir;

    private static Map<String, List<NodeMatMul.Accuracy>> accuracies;
    private static List<String> invalid;
    private static Map<String, Boolean> inputsIntact;

    record Case(String profileName, DeviceProfile profile, KernelOp op, List<Integer> shape, Epilogue epilogue,
                int threads) {

        /** The lite space's, then the fixed untuned schedule's, which whole-model runs compare with. */
        List<MatMulCandidate> candidates() {
            return Stream.concat(MatMulSpace.LITE.candidates(profile, op, shape, epilogue, threads).stream(),
                    Stream.of(MatMulSpace.untuned(op, shape, epilogue, threads))).toList();
        }

        @Override
        public String toString() {
            return op.wireName() + " " + shape + (epilogue.isNone() ? "" : " " + epilogue.idSuffix().substring(1))
                    + " on " + profileName + ", " + threads + " thread(s)";
        }
    }

    static Stream<Case> cases() {
        List<Epilogue> epilogues = Stream.of(false, true).flatMap(bias -> Stream.of(Activation.values())
                .map(activation -> new Epilogue(bias, activation))).toList();
        return Stream.of(
                        new Case("x86", Profiles.X86, null, null, null, 0),
                        new Case("x86 without relaxed SIMD", Profiles.withoutRelaxedSimd(Profiles.X86), null, null, null, 0))
                .flatMap(profile -> Stream.concat(
                        LINEAR_SHAPES.stream().flatMap(shape -> epilogues.stream().map(epilogue ->
                                new Case(profile.profileName(), profile.profile(), KernelOp.LINEAR, shape, epilogue, 0))),
                        BATCHED_SHAPES.stream().map(shape ->
                                new Case(profile.profileName(), profile.profile(), KernelOp.BATCH_MATMUL, shape, Epilogue.NONE, 0))))
                .flatMap(c -> THREAD_COUNTS.stream().map(threads ->
                        new Case(c.profileName(), c.profile(), c.op(), c.shape(), c.epilogue(), threads)));
    }

    @BeforeAll
    static void runEveryCandidate() {
        List<NodeMatMul.Run> fma = new ArrayList<>();
        List<NodeMatMul.Run> mulAdd = new ArrayList<>();
        List<Path> fmaFiles = new ArrayList<>();
        List<Path> mulAddFiles = new ArrayList<>();
        cases().forEach(c -> {
            for (MatMulCandidate candidate : c.candidates()) {
                String name = c + " | " + candidate.id();
                GeneratedKernel kernel = candidate.generate();
                boolean usesFma = candidate.schedule().fma();
                (usesFma ? fma : mulAdd).add(new NodeMatMul.Run(name, kernel, candidate.shape(), THREAD_COUNTS, -1,
                        candidate.batches(), candidate.epilogue()));
                (usesFma ? fmaFiles : mulAddFiles).add(Wabt.write(dir, fileName(name), kernel.module()));
            }
        });
        NodeMatMul.Report fmaReport = NodeMatMul.checkInParallel(dir, "ops-fma", fma, NodeMatMul.RELAXED_SIMD,
                NodeMatMul.BASELINE_TIER);
        NodeMatMul.Report mulAddReport = NodeMatMul.checkInParallel(dir, "ops-muladd", mulAdd, NodeMatMul.BASELINE_TIER);
        accuracies = Stream.concat(fmaReport.accuracies().stream(), mulAddReport.accuracies().stream())
                .collect(Collectors.groupingBy(accuracy -> accuracy.name().substring(0, accuracy.name().indexOf(" | "))));
        invalid = Stream.concat(Wabt.invalidAmong(fmaFiles, Wabt.RELAXED_SIMD).stream(),
                Wabt.invalidAmong(mulAddFiles).stream()).toList();
        inputsIntact = Stream.concat(fmaReport.inputsIntactByShape().entrySet().stream(),
                        mulAddReport.inputsIntactByShape().entrySet().stream())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Boolean::logicalAnd));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyLiteCandidateIsValidAndMatchesTheFloat64Reference(Case c) {
        List<MatMulCandidate> candidates = c.candidates();

        assertThat(candidates).isNotEmpty();
        assertThat(accuracies.get(c.toString()))
                .hasSize(candidates.size() * THREAD_COUNTS.size())
                .allSatisfy(accuracy -> assertThat(accuracy.error() == null && accuracy.nonFiniteOutputs() == 0
                        && accuracy.guardsIntact() && accuracy.maxRelError() <= TOLERANCE).as("%s", accuracy).isTrue());
        assertThat(invalid).isEmpty();
        assertThat(inputsIntact).doesNotContainValue(false);
    }

    @Test
    void batchedKernelsGiveEachThreadWholeBatchesWhenThereAreAsManyBatchesAsThreads() {
        // M = 1: one row tile per matrix, so a split within a matrix could keep only one thread busy.
        Map<String, List<NodeMatMul.Accuracy>> alone = eachThreadAlone(List.of(4, 1, 64, 17), 4);

        // C starts as NaN: a thread alone leaves every batch but its own one unwritten.
        assertThat(alone).isNotEmpty().allSatisfy((candidate, threads) -> assertThat(threads).hasSize(4)
                .allSatisfy(accuracy -> assertThat(accuracy.nonFiniteOutputs()).as("%s", accuracy).isEqualTo(3 * 17)));
    }

    @Test
    void batchedThreadSharesAreDisjointAndCoverCWhenTheyCutBatches() {
        List<Integer> shape = List.of(3, 33, 16, 33);
        int elements = 3 * 33 * 33;
        Map<String, List<NodeMatMul.Accuracy>> alone = eachThreadAlone(shape, 2);

        assertThat(alone).isNotEmpty().allSatisfy((candidate, threads) -> {
            assertThat(threads).hasSize(2);
            assertThat(threads.stream().mapToInt(accuracy -> elements - accuracy.nonFiniteOutputs()).sum())
                    .as(candidate).isEqualTo(elements);
            assertThat(threads).allSatisfy(accuracy -> assertThat(accuracy.nonFiniteOutputs()).isLessThan(elements));
        });
    }

    /** Runs every lite candidate once per thread, that thread alone; accuracies by candidate. */
    private static Map<String, List<NodeMatMul.Accuracy>> eachThreadAlone(List<Integer> shape, int threads) {
        List<MatMulCandidate> candidates = MatMulSpace.LITE.candidates(Profiles.X86, KernelOp.BATCH_MATMUL, shape,
                Epilogue.NONE, threads);
        List<NodeMatMul.Run> runs = candidates.stream().flatMap(candidate -> IntStream.range(0, threads)
                        .mapToObj(thread -> new NodeMatMul.Run(candidate.id() + " thread " + thread, candidate.generate(),
                                candidate.shape(), List.of(threads), thread, shape.get(0), Epilogue.NONE)))
                .toList();
        NodeMatMul.Report report = NodeMatMul.check(dir, "alone-" + threads, runs, NodeMatMul.RELAXED_SIMD,
                NodeMatMul.BASELINE_TIER);
        assertThat(report.accuracies()).hasSize(runs.size()).allSatisfy(accuracy -> {
            assertThat(accuracy.error()).as("%s", accuracy).isNull();
            assertThat(accuracy.guardsIntact()).as("%s", accuracy).isTrue();
        });
        return report.accuracies().stream().collect(Collectors.groupingBy(
                accuracy -> accuracy.name().substring(0, accuracy.name().lastIndexOf(" thread "))));
    }

    @Test
    void geluIsWithinAMillionthOfTheFloat64FormulaWhenRoundingErrorIsSmall() {
        // K = 1: the fp32 product and bias add round by about 1e-7 of the magnitude, so what is left
        // is the tanh approximation's error (at most 2.1e-7 |x| in a scan of [-20, 20]).
        List<Integer> shape = List.of(64, 1, 64);
        Epilogue biasGelu = new Epilogue(true, Activation.GELU);
        List<NodeMatMul.Run> runs = Stream.of(Profiles.X86, Profiles.withoutRelaxedSimd(Profiles.X86))
                .flatMap(profile -> MatMulSpace.LITE.candidates(profile, KernelOp.LINEAR, shape, biasGelu, 1).stream())
                .map(candidate -> new NodeMatMul.Run(candidate.id(), candidate.generate(), candidate.shape(), List.of(1),
                        -1, 1, biasGelu))
                .toList();

        NodeMatMul.Report report = NodeMatMul.check(dir, "gelu", runs, NodeMatMul.RELAXED_SIMD, NodeMatMul.BASELINE_TIER);

        assertThat(report.accuracies()).hasSize(runs.size()).allSatisfy(accuracy -> {
            assertThat(accuracy.error()).isNull();
            assertThat(accuracy.nonFiniteOutputs()).isZero();
            assertThat(accuracy.maxRelError()).as("%s", accuracy).isLessThan(1e-6);
        });
    }

    @Test
    void theEpilogueRunsOnlyAfterTheLastKBlockAndSomeCandidatesHaveSeveral() {
        // The execution cases cover it; this makes sure they do.
        assertThat(MatMulSpace.LITE.candidates(Profiles.X86, KernelOp.LINEAR, List.of(1, 768, 64),
                new Epilogue(true, Activation.GELU), 1)).anySatisfy(candidate ->
                assertThat(candidate.schedule().tiling().kb()).isLessThan(768));
    }

    @Test
    void linearCandidatesNameTheirEpilogueAndUseTheLinearConvention() {
        List<MatMulCandidate> candidates = MatMulSpace.LITE.candidates(Profiles.X86, KernelOp.LINEAR,
                List.of(128, 768, 3072), new Epilogue(true, Activation.GELU), 2);

        assertThat(candidates).isNotEmpty().allSatisfy(candidate -> {
            assertThat(candidate.id()).endsWith("-t2-bias-gelu");
            assertThat(candidate.description()).contains("GELU");
        });
        GeneratedKernel kernel = candidates.get(0).generate();
        assertThat(kernel.convention()).isEqualTo(CallingConvention.LINEAR_THREADED);
        assertThat(kernel.entryPoint()).isEqualTo("linear");
        assertThat(kernel.variant()).isEqualTo(candidates.get(0).id());
    }

    @Test
    void batchedCandidatesUseTheBatchedConventionAndPlainMatMulStaysAsItWas() {
        List<MatMulCandidate> batched = MatMulSpace.LITE.candidates(Profiles.X86, KernelOp.BATCH_MATMUL,
                List.of(12, 384, 64, 384), Epilogue.NONE, 4);
        List<MatMulCandidate> plain = MatMulSpace.LITE.candidates(Profiles.X86, KernelOp.MATMUL,
                List.of(384, 64, 384), Epilogue.NONE, 4);

        assertThat(batched).isNotEmpty().allSatisfy(candidate -> assertThat(candidate.batches()).isEqualTo(12));
        GeneratedKernel kernel = batched.get(0).generate();
        assertThat(kernel.convention()).isEqualTo(CallingConvention.BATCH_MATMUL_THREADED);
        assertThat(kernel.entryPoint()).isEqualTo("bmm");
        assertThat(plain).isEqualTo(MatMulSpace.LITE.candidates(Profiles.X86,
                new io.jitfarm.jit.kernel.MatMulShape(384, 64, 384), 4));
        assertThat(plain.get(0).generate().entryPoint()).isEqualTo("matmul");
    }

    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".wasm";
    }
}
