package io.jitfarm.jit.rowop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.op.RowOp;
import io.jitfarm.jit.tools.NodeKernels;
import io.jitfarm.jit.tools.NodeMatMul;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every candidate of every row op (f32x4 with and without FMA, f32; unrolled 1, 2, 4; for one thread
 * and for shared-memory threads) run in Node on odd sizes against the float64 reference: rows 1, 3, 33
 * by widths 1, 5, 17, 64, 65, 768 and each op's variants (broadcast or not, causal offsets...).
 * Threaded kernels run with 2 and 3 threads called one after the other on one memory, and each of 3
 * threads alone, to see that the shares are disjoint and cover every row.
 *
 * <p>Tolerance: 1e-5 of each element's magnitude (see {@code Float64Reference}): fp32 sums over 768
 * terms stay near sqrt(768) 2^-24 = 1.7e-6 in practice, and the approximated functions are well inside
 * it (GELU 2.1e-7 |x|, exp 2 ulp, SiLU about 3e-7). Copies must be exact.
 */
class RowOpExecutionTest {

    private static final double TOLERANCE = 1e-5;
    /** f32x4 with FMA, f32x4 without, f32; each unrolled 1, 2 and 4 times. */
    private static final int CANDIDATES_PER_OP = 9;
    private static final List<Integer> SHARED_THREAD_COUNTS = List.of(2, 3);
    private static final int ALONE_THREADS = 3;
    private static final long SEED = 20240601;

    @TempDir
    static Path dir;

    private static Map<String, List<NodeKernels.Outcome>> outcomes;

    static Stream<RowOpCase> cases() {
        return RowOps.all().flatMap(RowOpCase::of);
    }

    @BeforeAll
    static void runEveryCandidateOnEveryCase() {
        List<NodeKernels.Job> jobs = new ArrayList<>();
        RowOps.all().forEach(op -> {
            List<GeneratedKernel> unshared = kernels(op, 1);
            List<GeneratedKernel> shared = kernels(op, 2);
            RowOpCase.of(op).forEach(c -> {
                RowOpCase.Prepared prepared = c.prepare(SEED);
                jobs.add(job(c, prepared, unshared, false));
                jobs.add(job(c, prepared, shared, true));
            });
        });
        outcomes = NodeKernels.byJob(NodeKernels.run(dir, "rowops", jobs, NodeMatMul.RELAXED_SIMD, NodeMatMul.BASELINE_TIER));
    }

    /** The distinct candidates of the op for {@code threads}, with and without relaxed SIMD. */
    private static List<GeneratedKernel> kernels(RowOp op, int threads) {
        return Stream.of(RowOps.WITH_RELAXED_SIMD, RowOps.WITHOUT_RELAXED_SIMD)
                .flatMap(profile -> RowOpSpace.candidates(profile, op, threads).stream())
                .distinct().map(RowOpCandidate::generate).toList();
    }

    private static NodeKernels.Job job(RowOpCase c, RowOpCase.Prepared prepared, List<GeneratedKernel> kernels,
                                       boolean shared) {
        List<NodeKernels.Run> runs = new ArrayList<>();
        for (int k = 0; k < kernels.size(); k++) {
            for (int threads : shared ? SHARED_THREAD_COUNTS : List.of(1)) {
                runs.add(new NodeKernels.Run(kernels.get(k).variant() + " x" + threads,
                        prepared.calls(c, k, threads, -1), prepared.checks()));
            }
        }
        if (shared) {
            for (int thread = 0; thread < ALONE_THREADS; thread++) {
                runs.add(new NodeKernels.Run("alone " + thread, prepared.calls(c, 0, ALONE_THREADS, thread),
                        prepared.checks()));
            }
        }
        return new NodeKernels.Job(c + (shared ? " shared" : ""), prepared.image(), prepared.image().length, shared,
                kernels, runs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCandidateMatchesTheFloat64ReferenceAndWritesOnlyItsOutput(RowOpCase c) {
        List<NodeKernels.Outcome> all = Stream.concat(outcomes.get(c.toString()).stream(),
                outcomes.get(c + " shared").stream()).filter(outcome -> !outcome.run().startsWith("alone")).toList();

        assertThat(all).hasSize(CANDIDATES_PER_OP * (1 + SHARED_THREAD_COUNTS.size())).allSatisfy(outcome -> {
            assertThat(outcome.passes(TOLERANCE)).as("%s", outcome).isTrue();
            if (c.copies()) {
                assertThat(outcome.maxAbsError()).as("%s", outcome).isZero();
            }
        });
    }

    @Test
    void siluIsWithinAMillionthOfItsValueFromMinus80To80() {
        // Relative to the value itself, which for x = -80 is about -1.4e-33: this measures exp's
        // relative error over nearly its whole range, not only against |x|.
        RowOpCase c = new RowOpCase(new RowOp.Silu(), Map.of("rows", 33, "width", 65), 80);
        RowOpCase.Prepared prepared = c.prepare(SEED);
        List<NodeKernels.Check> relativeToValue = prepared.checks().stream().map(check -> new NodeKernels.Check(
                check.name(), check.byteOffset(), check.expected(),
                Arrays.stream(check.expected()).map(Math::abs).toArray())).toList();
        List<GeneratedKernel> kernels = kernels(c.op(), 1);
        List<NodeKernels.Run> runs = IntStream.range(0, kernels.size()).mapToObj(k -> new NodeKernels.Run(
                kernels.get(k).variant(), prepared.calls(c, k, 1, -1), relativeToValue)).toList();

        List<NodeKernels.Outcome> silu = NodeKernels.run(dir, "silu-range", List.of(new NodeKernels.Job("silu", prepared.image(),
                prepared.image().length, false, kernels, runs)), NodeMatMul.RELAXED_SIMD, NodeMatMul.BASELINE_TIER);

        assertThat(silu).hasSize(kernels.size()).allSatisfy(outcome -> assertThat(outcome.passes(1e-6)).as("%s", outcome).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void threadsAloneWriteDisjointSharesThatCoverTheOutput(RowOpCase c) {
        List<NodeKernels.Outcome> alone = outcomes.get(c + " shared").stream()
                .filter(outcome -> outcome.run().startsWith("alone")).toList();
        int written = outcomes.get(c.toString()).get(0).changed();

        assertThat(alone).hasSize(ALONE_THREADS).allSatisfy(outcome -> {
            assertThat(outcome.error()).isNull();
            assertThat(outcome.restIntact()).isTrue();
        });
        assertThat(alone.stream().mapToInt(NodeKernels.Outcome::changed).sum()).isEqualTo(written);
        assertThat(alone).filteredOn(outcome -> outcome.changed() > 0).hasSize(Math.min(ALONE_THREADS, c.sharedRows()));
    }
}
