package io.jitfarm.jit.conventional;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.tune.MatMulCandidate;
import io.jitfarm.jit.tune.MatMulSpace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code jitfarm compile-cost --limit 3} runs, on its default shape; timings are reported, never asserted. */
class CompileCostBenchmarkTest {

    private static final DeviceProfile THIS_MACHINE = new DeviceProfile(16, 32768, 524288, true, 1, 2, List.of());

    @TempDir
    Path dir;

    @Test
    void threeLiteCandidatesAreMeasuredThroughBothPipelinesAndSummarized() {
        List<MatMulCandidate> candidates = MatMulSpace.LITE.candidates(THIS_MACHINE, new MatMulShape(640, 768, 2304), 1)
                .subList(0, 3);
        CompileCostBenchmark benchmark = new CompileCostBenchmark(new ClangPipeline(ClangPipeline.DEFAULT_CLANG, dir),
                new NodeCompileTimer(NodeCompileTimer.DEFAULT_NODE, dir, NodeCompileTimer.Mode.OPTIMIZING, 1),
                Duration.ZERO);
        StringWriter printed = new StringWriter();

        List<CompileCost> costs = benchmark.measure(candidates);
        new CompileCostReport(new PrintWriter(printed)).print(costs);

        assertThat(costs).extracting(CompileCost::id)
                .containsExactlyElementsOf(candidates.stream().map(MatMulCandidate::id).toList());
        assertThat(costs).allSatisfy(cost -> {
            assertThat(cost.directBytes()).isPositive();
            assertThat(cost.clangBytes()).isPositive();
            assertThat(cost.ratio()).isPositive().isFinite();
        });
        assertThat(printed.toString()).contains(candidates.get(2).id()).contains("median of 3")
                .containsPattern("(?m)^" + Pattern.quote(CompileCostReport.SUMMARY) + " \\d+(\\.\\d)?x")
                .contains(CompileCostReport.PAPER_CLAIM);
    }
}
