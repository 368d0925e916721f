package io.jitfarm.agent.tune;

import io.jitfarm.agent.job.ResultSink;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.TuningProgress;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online tuning of one kernel (op + shape): candidates are evaluated in the page best-predicted first,
 * in batches (one page command each), each recorded, until the time budget is spent or the next
 * candidates cannot plausibly win. A candidate that fails in any way is recorded as invalid and tuning
 * goes on. The stop rules are checked between batches, so a batch may run past the budget by its own
 * length: small batches keep that overrun small while saving a round trip per candidate. A kernel
 * has a best before tuning stops: while no candidate is valid, the budget does not stop it.
 */
public final class Tuner {
    private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);
    /** Valid measurements needed before the cost model's error is trusted to stop early. */
    static final int CALIBRATION_CANDIDATES = 3;
    /**
     * A candidate is still worth trying while its prediction, corrected by the most optimistic error
     * the model has shown, is within this factor of the best time measured.
     */
    static final double PLAUSIBLE_FACTOR = 1.25;

    /** A point of the space: what the cost model expects of it and how to generate it. */
    public record Candidate(String id, String description, double predictedMs, Supplier<GeneratedKernel> generator) {
    }

    /**
     * Measures a batch of candidates in the page, one result per candidate in the batch's order; a
     * failure of any kind comes back as invalid results.
     */
    public interface Evaluator {
        Future<List<KernelResult>> evaluate(List<Candidate> batch);
    }

    /** Why tuning stopped, for the job's summary. */
    public record Outcome(Optional<KernelResult> best, int tried, int valid, double elapsedS, double timeToBestS,
                          String stoppedBecause) {
    }

    private final double budgetS;
    private final int batchSize;
    private final Evaluator evaluator;
    private final ResultSink sink;
    private final LongSupplier nanoClock;

    public Tuner(double budgetS, int batchSize, Evaluator evaluator, ResultSink sink, LongSupplier nanoClock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        this.budgetS = budgetS;
        this.batchSize = batchSize;
        this.evaluator = evaluator;
        this.sink = sink;
        this.nanoClock = nanoClock;
    }

    /** Tunes over {@code ordered} (best-predicted first); every candidate is emitted as it is measured. */
    public Future<Outcome> tune(String op, List<Integer> shape, List<Candidate> ordered) {
        State state = new State(op, shape, nanoClock.getAsLong());
        return next(state, new ArrayList<>(ordered), 0);
    }

    private final class State {
        final String op;
        final List<Integer> shape;
        final long start;
        KernelResult best;
        double timeToBestS;
        double mostOptimisticRatio = Double.MAX_VALUE;
        int tried;
        int valid;

        State(String op, List<Integer> shape, long start) {
            this.op = op;
            this.shape = shape;
            this.start = start;
        }

        double elapsedS() {
            return (nanoClock.getAsLong() - start) / 1e9;
        }
    }

    private Future<Outcome> next(State state, List<Candidate> ordered, int index) {
        String stop = index >= ordered.size() ? "space exhausted"
                : state.elapsedS() >= budgetS && state.best != null ? "budget of " + budgetS + " s spent"
                : cannotWin(state, ordered.get(index)) ? "the remaining candidates cannot plausibly win"
                : null;
        if (stop != null) {
            LOG.info("{} {}: tuning stopped ({}) after {} candidate(s), {} valid", state.op, state.shape, stop,
                    state.tried, state.valid);
            return Future.succeededFuture(new Outcome(Optional.ofNullable(state.best), state.tried, state.valid,
                    state.elapsedS(), state.timeToBestS, stop));
        }
        // ordered by prediction, so once one candidate cannot win, none after it can
        List<Candidate> batch = new ArrayList<>();
        for (int i = index; i < ordered.size() && batch.size() < batchSize && !cannotWin(state, ordered.get(i)); i++) {
            batch.add(ordered.get(i));
        }
        return evaluator.evaluate(batch).compose(results -> {
            if (results.size() != batch.size()) {
                return Future.failedFuture(new IllegalStateException(
                        results.size() + " results for a batch of " + batch.size() + " candidates"));
            }
            for (int i = 0; i < batch.size(); i++) {
                record(state, batch.get(i), results.get(i));
            }
            return next(state, ordered, index + batch.size());
        });
    }

    private void record(State state, Candidate candidate, KernelResult result) {
        state.tried++;
        sink.emit(ResultKind.KERNEL_CANDIDATE, result);
        if (result.valid()) {
            state.valid++;
            double measured = result.stats().medianMs();
            state.mostOptimisticRatio = Math.min(state.mostOptimisticRatio, measured / candidate.predictedMs());
            if (state.best == null || measured < state.best.stats().medianMs()) {
                state.best = result;
                state.timeToBestS = state.elapsedS();
            }
        }
        sink.emit(ResultKind.TUNING_PROGRESS, new TuningProgress(state.op, state.shape, state.elapsedS(),
                state.best == null ? null : state.best.stats().medianMs(),
                state.best == null ? null : state.best.candidateId(), state.tried, state.valid));
    }

    private static boolean cannotWin(State state, Candidate next) {
        if (state.valid < CALIBRATION_CANDIDATES || state.best == null) {
            return false;
        }
        return next.predictedMs() * state.mostOptimisticRatio > state.best.stats().medianMs() * PLAUSIBLE_FACTOR;
    }
}
