package io.jitfarm.agent.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.common.result.TuningProgress;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The tuner's rules, with the page replaced by a table of latencies (the real page is in FarmEndToEndTest). */
class TunerTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<Object[]> emitted = new ArrayList<>();

    private static Tuner.Candidate candidate(String id, double predictedMs) {
        return new Tuner.Candidate(id, id, predictedMs, () -> {
            throw new AssertionError("the evaluator generates, not the tuner");
        });
    }

    private static KernelResult result(String id, Double medianMs) {
        SampleStats stats = medianMs == null ? null : new SampleStats(5, medianMs, medianMs, medianMs, medianMs, medianMs);
        return new KernelResult("matmul", List.of(64, 64, 64), "jitfarm", id, id, 1, 1,
                medianMs == null ? List.of() : List.of(medianMs), stats, 0, 0, 0, medianMs != null,
                medianMs == null ? "compile failed" : null, 1, null, null, null);
    }

    private final List<List<String>> batches = new ArrayList<>();

    /** One candidate per page command. */
    private Tuner tuner(double budgetS, Map<String, Double> measured, double secondsEach) {
        return tuner(budgetS, 1, measured, secondsEach);
    }

    /** Each candidate takes {@code secondsEach} of the fake clock and measures the table's latency. */
    private Tuner tuner(double budgetS, int batchSize, Map<String, Double> measured, double secondsEach) {
        return new Tuner(budgetS, batchSize, batch -> {
            batches.add(batch.stream().map(Tuner.Candidate::id).toList());
            nanos.addAndGet((long) (batch.size() * secondsEach * 1e9));
            return Future.succeededFuture(batch.stream().map(c -> result(c.id(), measured.get(c.id()))).toList());
        }, (kind, payload) -> emitted.add(new Object[] {kind, payload}), nanos::get);
    }

    @Test
    void candidatesGoToThePageInBatchesAndTheStopRulesApplyBetweenBatches() {
        Map<String, Double> measured = Map.of("a", 2.0, "b", 2.2, "c", 2.4, "d", 2.6, "e", 2.5, "f", 20.0, "g", 21.0);
        Tuner.Outcome outcome = tuner(100, 3, measured, 1).tune("matmul", List.of(64, 64, 64),
                List.of(candidate("a", 1.0), candidate("b", 1.1), candidate("c", 1.2), candidate("d", 1.2),
                        candidate("e", 1.25), candidate("f", 10.0), candidate("g", 11.0))).result();

        // after the first batch calibrates the model (2x optimistic), "f" and "g" cannot win: the second batch stops before them
        assertThat(batches).containsExactly(List.of("a", "b", "c"), List.of("d", "e"));
        assertThat(outcome.tried()).isEqualTo(5);
        assertThat(outcome.stoppedBecause()).isEqualTo("the remaining candidates cannot plausibly win");
        assertThat(emitted).filteredOn(e -> e[0].equals(ResultKind.KERNEL_CANDIDATE)).hasSize(5);
    }

    @Test
    void theBudgetDoesNotStopTuningBeforeAnyCandidateIsValid() {
        Map<String, Double> measured = new java.util.HashMap<>(Map.of("c", 4.0, "d", 3.0));
        measured.put("a", null);
        measured.put("b", null);
        Tuner.Outcome outcome = tuner(1, 2, measured, 1).tune("matmul", List.of(64, 64, 64),
                List.of(candidate("a", 1.0), candidate("b", 1.0), candidate("c", 1.0), candidate("d", 1.0),
                        candidate("e", 1.0))).result();

        assertThat(batches).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(outcome.best()).map(KernelResult::candidateId).contains("d");
        assertThat(outcome.stoppedBecause()).startsWith("budget of 1.0 s spent");
    }

    @Test
    void aBatchMayRunPastTheBudgetByItsOwnLengthButNoFurther() {
        Map<String, Double> measured = Map.of("a", 3.0, "b", 2.0, "c", 1.0, "d", 0.5, "e", 0.4);
        Tuner.Outcome outcome = tuner(2.5, 2, measured, 1).tune("matmul", List.of(64, 64, 64),
                List.of(candidate("a", 1.0), candidate("b", 1.0), candidate("c", 1.0), candidate("d", 1.0),
                        candidate("e", 1.0))).result();

        assertThat(batches).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(outcome.elapsedS()).isEqualTo(4.0);
        assertThat(outcome.stoppedBecause()).startsWith("budget of 2.5 s spent");
    }

    @Test
    void theFastestValidCandidateWinsAndInvalidOnesNeverStopTuning() {
        Map<String, Double> measured = new java.util.HashMap<>(Map.of("a", 3.0, "c", 1.5, "d", 2.0));
        measured.put("b", null);   // fails to compile
        Tuner.Outcome outcome = tuner(100, measured, 1).tune("matmul", List.of(64, 64, 64),
                List.of(candidate("a", 1.0), candidate("b", 1.0), candidate("c", 1.0), candidate("d", 1.0)))
                .result();

        assertThat(outcome.best()).map(KernelResult::candidateId).contains("c");
        assertThat(outcome.tried()).isEqualTo(4);
        assertThat(outcome.valid()).isEqualTo(3);
        assertThat(outcome.timeToBestS()).isEqualTo(3.0);
        assertThat(outcome.stoppedBecause()).isEqualTo("space exhausted");
        assertThat(emitted).filteredOn(e -> e[0].equals(ResultKind.KERNEL_CANDIDATE)).hasSize(4);
        assertThat(emitted).filteredOn(e -> e[0].equals(ResultKind.TUNING_PROGRESS))
                .extracting(e -> ((TuningProgress) e[1]).bestMs())
                .containsExactly(3.0, 3.0, 1.5, 1.5);
    }

    @Test
    void tuningStopsWhenTheBudgetIsSpent() {
        Map<String, Double> measured = Map.of("a", 3.0, "b", 2.0, "c", 1.0);
        Tuner.Outcome outcome = tuner(2, measured, 1).tune("matmul", List.of(64, 64, 64),
                List.of(candidate("a", 1.0), candidate("b", 1.0), candidate("c", 1.0))).result();

        assertThat(outcome.tried()).isEqualTo(2);
        assertThat(outcome.stoppedBecause()).startsWith("budget of 2.0 s spent");
    }

    @Test
    void tuningStopsWhenTheCostModelSaysTheRestCannotWin() {
        // the model is 2x optimistic on every candidate; after calibration, "e" (predicted 10x worse) is hopeless
        Map<String, Double> measured = Map.of("a", 2.0, "b", 2.2, "c", 2.4, "d", 2.6, "e", 20.0);
        Tuner.Outcome outcome = tuner(100, measured, 1).tune("matmul", List.of(64, 64, 64),
                List.of(candidate("a", 1.0), candidate("b", 1.1), candidate("c", 1.2), candidate("d", 1.2),
                        candidate("e", 10.0))).result();

        assertThat(outcome.tried()).isEqualTo(4);
        assertThat(outcome.stoppedBecause()).isEqualTo("the remaining candidates cannot plausibly win");
    }
}
