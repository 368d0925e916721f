package io.jitfarm.jit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The memory planner on 300 seeded random DAGs. */
class MemoryPlannerPropertyTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void simultaneouslyLiveTensorsNeverShareBytes(long seed) {
        ExecutionPlan plan = MemoryPlanner.plan(RandomGraphs.generate(seed));
        List<LiveInterval> intervals = MemoryPlanner.liveIntervals(plan.graph());

        for (LiveInterval a : intervals) {
            for (LiveInterval b : intervals) {
                if (a != b && a.overlaps(b)) {
                    assertThat(disjoint(plan, a.tensor(), b.tensor())).as("%s and %s, both live", a, b).isTrue();
                }
            }
        }
        List<Tensor> fixed = plan.graph().tensors().stream()
                .filter(t -> t.kind() == Tensor.Kind.WEIGHT || t.kind() == Tensor.Kind.STATE).toList();
        for (Tensor tensor : plan.graph().tensors()) {
            for (Tensor weight : fixed) {
                assertThat(tensor == weight || disjoint(plan, tensor, weight)).as("%s and %s", tensor, weight).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyTensorIsWrittenBeforeItIsReadAndKeptUntilItsLastRead(long seed) {
        assertThat(PlanChecker.problems(MemoryPlanner.plan(RandomGraphs.generate(seed)))).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theArenaIsAtLeastTheLargestLiveSetAndAtMostEveryActivation(long seed) {
        ExecutionPlan plan = MemoryPlanner.plan(RandomGraphs.generate(seed));

        assertThat(plan.arenaBytes()).isBetween(plan.liveBytes(), plan.activationBytes());
    }

    private static boolean disjoint(ExecutionPlan plan, Tensor a, Tensor b) {
        return plan.offset(a) + a.bytes() <= plan.offset(b) || plan.offset(b) + b.bytes() <= plan.offset(a);
    }
}
