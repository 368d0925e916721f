package io.jitfarm.agent.job;

import io.jitfarm.agent.page.PageException;
import io.jitfarm.agent.tune.Tuner;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.job.MeasureSpec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.HandwrittenSimdMatMul;
import io.jitfarm.jit.op.KernelOp;
import io.jitfarm.jit.profile.DeviceProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a job measures for one kernel at one shape, all in the same page: the JIT's candidates
 * (tuned within the budget, then the best measured again in full), and each baseline the experiment
 * names. Every engine ends with its {@code kernel_best}.
 */
final class KernelBench {
    private static final Logger LOG = LoggerFactory.getLogger(KernelBench.class);
    /** Candidates are compared on a short measurement; the winner is measured again with the experiment's rules. */
    static final MeasureSpec TUNING_MEASURE = new MeasureSpec(2, 7, 100);
    /**
     * A tuning batch that takes longer than this (plus {@link #TUNING_TIMEOUT_PER_EXTRA_MS} per candidate
     * after the first) is hung or hopeless: its candidates are invalid and the page is reloaded. A
     * normal candidate takes well under a second at the tuning measurement.
     */
    static final long TUNING_TIMEOUT_MS = 20_000;
    static final long TUNING_TIMEOUT_PER_EXTRA_MS = 5_000;
    static final String JITFARM = "jitfarm";
    static final String HANDWRITTEN = "handwritten";
    static final List<String> PAGE_BASELINES = List.of("ort-web", "tfjs", "naive-js");
    /**
     * Tuning candidates per page command: a round trip saved per candidate, while the budget, checked
     * between batches, is overrun by at most a batch (a few tenths of a second at the tuning measurement).
     */
    static final int TUNING_BATCH = 4;
    /** Rounds of the final, interleaved measurement of every engine. */
    static final int ROUNDS = 3;

    private final PageSession page;
    private final JobSpec spec;
    private final DeviceProfile profile;
    private final CandidateSpace space;
    private final ResultSink sink;
    private final QoePasses qoe;
    private final long measurementMs;

    KernelBench(PageSession page, JobSpec spec, DeviceProfile profile, CandidateSpace space, ResultSink sink,
                QoePasses qoe, long measurementMs) {
        this.qoe = qoe;
        this.page = page;
        this.spec = spec;
        this.profile = profile;
        this.space = space;
        this.sink = sink;
        this.measurementMs = measurementMs;
    }

    /** Whether the experiment's {@code handwritten} baseline exists for this op: it is a plain MatMul. */
    static boolean hasHandwritten(KernelOp op) {
        return op == KernelOp.MATMUL;
    }

    /**
     * Tunes, then measures the winner and the baselines interleaved, then (when the experiment asks for
     * QoE metrics) runs the winner in the QoE passes.
     */
    Future<Void> run(KernelProblem problem) {
        return tune(problem).compose(winner -> {
            Future<Void> measured = measure(problem, winner.map(Winner::contender));
            return winner.isPresent() && qoe.wanted()
                    ? measured.compose(v -> qoe.run(problem, winner.get().candidate().generator().get()))
                    : measured;
        });
    }

    /** The tuned candidate, and the contender measuring it with the experiment's rules. */
    private record Winner(Tuner.Candidate candidate, Contender contender) {
    }

    /** The final, interleaved measurement of the winner and of the baselines the experiment names. */
    private Future<Void> measure(KernelProblem problem, Optional<Contender> winner) {
        List<Contender> contenders = new ArrayList<>();
        winner.ifPresent(contenders::add);
        if (spec.baselines().contains(HANDWRITTEN) && hasHandwritten(problem.op())) {
            contenders.add(new Contender(HANDWRITTEN, true, null, () -> measureKernel(problem, HANDWRITTEN,
                    HandwrittenSimdMatMul::generate, 0, 1, spec.measure(), measurementMs)));
        }
        for (String engine : PAGE_BASELINES) {
            if (spec.baselines().contains(engine)) {
                contenders.add(new Contender(engine, true, null, () -> measureBaseline(problem, engine)));
            }
        }
        return interleave(contenders);
    }

    /** An engine's final measurement: one round of it, and whether it is also reported as a candidate. */
    private record Contender(String engine, boolean asCandidate, String note, Supplier<Future<KernelResult>> round) {
    }

    /**
     * Measures every engine in {@link #ROUNDS} interleaved rounds (A B C A B C ...), then reports each
     * over all its samples. A slow spell of the machine then hits every engine alike instead of
     * whichever happened to run in it, which is what makes the ratios between engines trustworthy on a
     * shared machine (DESIGN section 8: compare only within one run, interleaved).
     */
    private Future<Void> interleave(List<Contender> contenders) {
        Map<Contender, List<KernelResult>> rounds = new LinkedHashMap<>();
        contenders.forEach(c -> rounds.put(c, new ArrayList<>()));
        Future<Void> chain = Future.succeededFuture();
        for (int round = 0; round < ROUNDS; round++) {
            for (Contender contender : contenders) {
                chain = chain.compose(v -> contender.round().get().map(result -> {
                    rounds.get(contender).add(result);
                    return null;
                }));
            }
        }
        return chain.map(v -> {
            rounds.forEach((contender, results) -> {
                KernelResult merged = merge(results, contender.note());
                if (contender.asCandidate()) {
                    sink.emit(ResultKind.KERNEL_CANDIDATE, merged);
                }
                if (merged.valid()) {
                    sink.emit(ResultKind.KERNEL_BEST, merged);
                }
            });
            return null;
        });
    }

    /** One result from several rounds of the same engine: all samples together, the worst error, the first setup. */
    static KernelResult merge(List<KernelResult> rounds, String note) {
        KernelResult first = rounds.get(0);
        Optional<KernelResult> invalid = rounds.stream().filter(r -> !r.valid()).findFirst();
        if (invalid.isPresent()) {
            return invalid.get();
        }
        List<Double> samples = rounds.stream().flatMap(r -> r.samplesMs().stream()).toList();
        SampleStats stats = SampleStats.of(samples);
        double gflops = first.gflops() * first.stats().medianMs() / stats.medianMs();
        return new KernelResult(first.op(), first.shape(), first.engine(), first.candidateId(), first.config(),
                first.codegenMs(), first.compileMs(), samples, stats, gflops,
                rounds.stream().mapToDouble(KernelResult::maxAbsError).max().orElseThrow(),
                rounds.stream().mapToDouble(KernelResult::maxRelError).max().orElseThrow(), true, null,
                first.threadsUsed(), first.setupMs(), first.firstRunMs(), note != null ? note : first.note());
    }

    /** Tunes the JIT's candidates; the winner comes back with its contender for the final rounds. */
    private Future<Optional<Winner>> tune(KernelProblem problem) {
        return tuneOnly(problem).map(tuned -> tuned.map(best -> new Winner(best.candidate(),
                // measured again with the experiment's rules, interleaved with the peers: its best, not a candidate
                new Contender(JITFARM, false, best.note(), () -> measureCandidate(problem, best.candidate(),
                        spec.measure(), measurementMs)))));
    }

    /**
     * The best candidate of a tuning, what tuning it took, and a note saying so.
     *
     * @param seconds the tuning's wall time
     */
    record Tuned(Tuner.Candidate candidate, double seconds, String note) {
    }

    /**
     * Tunes the JIT's candidates within the experiment's budget, every candidate emitted as it is
     * measured; empty when the JIT has no candidate or none was valid. Whole-model runs tune each
     * distinct GEMM of a model with it.
     */
    Future<Optional<Tuned>> tuneOnly(KernelProblem problem) {
        List<Tuner.Candidate> candidates = space.candidates(problem, profile, spec.threads(), spec.tuning().space());
        if (candidates.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        Tuner tuner = new Tuner(spec.tuning().budgetS(), TUNING_BATCH, batch -> measureBatch(problem, batch), sink,
                System::nanoTime);
        return tuner.tune(problem.op().wireName(), problem.shape(), candidates).map(outcome -> {
            LOG.info("{}: {} candidate(s) in {} s, best after {} s ({})", problem, outcome.tried(),
                    String.format("%.1f", outcome.elapsedS()), String.format("%.1f", outcome.timeToBestS()),
                    outcome.stoppedBecause());
            return outcome.best().map(best -> {
                Tuner.Candidate winner = candidates.stream()
                        .filter(c -> c.id().equals(best.candidateId())).findFirst().orElseThrow();
                String note = String.format("tuned %d candidate(s) (%d valid) of the %s space in %.1f s;"
                                + " best found after %.1f s; stopped: %s", outcome.tried(), outcome.valid(),
                        spec.tuning().space(), outcome.elapsedS(), outcome.timeToBestS(), outcome.stoppedBecause());
                return new Tuned(winner, outcome.elapsedS(), note);
            });
        });
    }

    private Future<KernelResult> measureCandidate(KernelProblem problem, Tuner.Candidate candidate,
                                                  MeasureSpec measure, long timeoutMs) {
        return measureKernel(problem, JITFARM, candidate.generator(), -1, spec.threads(), measure, timeoutMs);
    }

    /**
     * A tuning batch in one {@code run-kernels} command, each candidate on the short tuning measurement.
     * A batch that hangs makes all its candidates invalid (the page is loaded again); the time limit
     * grows with the batch.
     */
    private Future<List<KernelResult>> measureBatch(KernelProblem problem, List<Tuner.Candidate> batch) {
        List<Prepared> prepared = batch.stream().map(candidate -> prepare(problem, JITFARM, candidate.generator(), -1,
                spec.threads(), TUNING_MEASURE)).toList();
        List<Prepared> sent = prepared.stream().filter(p -> p.command() != null).toList();
        if (sent.isEmpty()) {
            return Future.succeededFuture(prepared.stream().map(Prepared::failure).toList());
        }
        JsonObject command = new JsonObject().put("type", "run-kernels")
                .put("kernels", new JsonArray(sent.stream().map(Prepared::command).toList()));
        long timeoutMs = Math.min(TUNING_TIMEOUT_MS + TUNING_TIMEOUT_PER_EXTRA_MS * (sent.size() - 1), measurementMs);
        return answer(command, timeoutMs, answer -> {
            JsonArray results = answer.getJsonArray("results");
            List<KernelResult> all = new ArrayList<>();
            for (Prepared candidate : prepared) {
                int at = sent.indexOf(candidate);
                all.add(at < 0 ? candidate.failure() : candidate.read(results.getJsonObject(at)));
            }
            return all;
        }, why -> prepared.stream().map(p -> p.command() == null ? p.failure() : p.invalid(why)).toList());
    }

    /** @param scratchBytes per-thread scratch, or -1 to take it from the generated kernel */
    private Future<KernelResult> measureKernel(KernelProblem problem, String engine,
                                               Supplier<GeneratedKernel> generator, int scratchBytes, int threads,
                                               MeasureSpec measure, long timeoutMs) {
        Prepared prepared = prepare(problem, engine, generator, scratchBytes, threads, measure);
        return prepared.command() == null ? Future.succeededFuture(prepared.failure())
                : answer(prepared.command(), timeoutMs, prepared::read, prepared::invalid);
    }

    /**
     * A generated kernel and its {@code run-kernel} command, with how to read its answer; or, when
     * code generation failed, only its invalid result.
     */
    private record Prepared(KernelProblem problem, String engine, GeneratedKernel kernel, double codegenMs,
                            int threads, JsonObject command, KernelResult failure) {

        /** A {@code run-kernel} answer, or a batch's {@code {error}} for a kernel the page could not run. */
        KernelResult read(JsonObject answer) {
            return answer.containsKey("valid")
                    ? KernelCommand.result(problem, engine, kernel.variant(), kernel.toString(), codegenMs, answer)
                    : invalid(answer.getString("error"));
        }

        KernelResult invalid(String why) {
            return KernelCommand.failed(problem, engine, kernel.variant(), kernel.toString(), codegenMs, threads, why);
        }
    }

    private Prepared prepare(KernelProblem problem, String engine, Supplier<GeneratedKernel> generator,
                             int scratchBytes, int threads, MeasureSpec measure) {
        long start = System.nanoTime();
        GeneratedKernel kernel;
        try {
            kernel = generator.get();
        } catch (RuntimeException e) {
            return new Prepared(problem, engine, null, 0, threads, null, KernelCommand.failed(problem, engine, "?", "?",
                    0, threads, "codegen failed: " + e));
        }
        double codegenMs = (System.nanoTime() - start) / 1e6;
        int scratch = scratchBytes >= 0 ? scratchBytes : kernel.scratchBytesPerThread();
        return new Prepared(problem, engine, kernel, codegenMs, threads,
                KernelCommand.kernel(problem, engine, kernel, scratch, threads, measure), null);
    }

    private Future<KernelResult> measureBaseline(KernelProblem problem, String engine) {
        JsonObject command = KernelCommand.baseline(engine, problem, spec.threads(), spec.measure());
        return answer(command, measurementMs, answer -> KernelCommand.result(problem, engine,
                        engine + "@" + answer.getString("version", "?"), engine, 0, answer),
                why -> KernelCommand.failed(problem, engine, engine, engine, 0, spec.threads(), why));
    }

    /**
     * Sends a measurement. A page that answers an error or does not answer in time makes the result
     * invalid, never the job: a stuck page is loaded again first. Only a page that is gone fails the job.
     */
    <T> Future<T> answer(JsonObject command, long timeoutMs, Function<JsonObject, T> read,
                                 Function<String, T> invalid) {
        return page.call(command, timeoutMs).map(read).recover(e -> {
            if (!(e instanceof PageException failure) || failure.reason() == PageException.Reason.LOST) {
                return Future.failedFuture(e);
            }
            if (failure.reason() == PageException.Reason.TIMEOUT) {
                LOG.warn("{}; loading the page again", e.getMessage());
                return page.load().map(v -> invalid.apply(e.getMessage()));
            }
            return Future.succeededFuture(invalid.apply(e.getMessage()));
        });
    }

}
