package io.jitfarm.agent.job;

import io.jitfarm.agent.page.PageException;
import io.jitfarm.agent.tune.Tuner;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.job.MeasureSpec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.HandwrittenSimdMatMul;
import io.jitfarm.jit.op.KernelOp;
import io.jitfarm.jit.profile.DeviceProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
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
    static final MeasureSpec TUNING_MEASURE = new MeasureSpec(1, 5, 30);
    static final String JITFARM = "jitfarm";
    static final String HANDWRITTEN = "handwritten";
    static final List<String> PAGE_BASELINES = List.of("ort-web", "tfjs", "naive-js");

    private final PageSession page;
    private final JobSpec spec;
    private final DeviceProfile profile;
    private final CandidateSpace space;
    private final ResultSink sink;
    private final long measurementMs;

    KernelBench(PageSession page, JobSpec spec, DeviceProfile profile, CandidateSpace space, ResultSink sink,
                long measurementMs) {
        this.page = page;
        this.spec = spec;
        this.profile = profile;
        this.space = space;
        this.sink = sink;
        this.measurementMs = measurementMs;
    }

    Future<Void> run(KernelOp op, List<Integer> shape) {
        Future<Void> chain = tune(op, shape);
        if (spec.baselines().contains(HANDWRITTEN) && op == KernelOp.MATMUL) {
            chain = chain.compose(v -> report(measureKernel(op, shape, HANDWRITTEN, HandwrittenSimdMatMul::generate, 0,
                    1, spec.measure()), true));
        }
        for (String engine : PAGE_BASELINES) {
            if (spec.baselines().contains(engine)) {
                chain = chain.compose(v -> report(measureBaseline(op, shape, engine), true));
            }
        }
        return chain;
    }

    private Future<Void> tune(KernelOp op, List<Integer> shape) {
        List<Tuner.Candidate> candidates = space.candidates(op, shape, profile, spec.threads(), spec.tuning().space());
        if (candidates.isEmpty()) {
            return Future.succeededFuture();
        }
        Tuner tuner = new Tuner(spec.tuning().budgetS(), candidate -> measureCandidate(op, shape, candidate, TUNING_MEASURE),
                sink, System::nanoTime);
        return tuner.tune(op.wireName(), shape, candidates).compose(outcome -> {
            LOG.info("{} {}: {} candidate(s) in {} s, best after {} s ({})", op.wireName(), shape, outcome.tried(),
                    String.format("%.1f", outcome.elapsedS()), String.format("%.1f", outcome.timeToBestS()),
                    outcome.stoppedBecause());
            if (outcome.best().isEmpty()) {
                return Future.succeededFuture();
            }
            Tuner.Candidate winner = candidates.stream()
                    .filter(c -> c.id().equals(outcome.best().get().candidateId())).findFirst().orElseThrow();
            String note = String.format("tuned %d candidate(s) (%d valid) of the %s space in %.1f s; best found after %.1f s;"
                            + " stopped: %s", outcome.tried(), outcome.valid(), spec.tuning().space(), outcome.elapsedS(),
                    outcome.timeToBestS(), outcome.stoppedBecause());
            // the winner measured again in full: its best, not another candidate
            return report(measureCandidate(op, shape, winner, spec.measure()).map(result -> withNote(result, note)),
                    false);
        });
    }

    private Future<KernelResult> measureCandidate(KernelOp op, List<Integer> shape, Tuner.Candidate candidate,
                                                  MeasureSpec measure) {
        return measureKernel(op, shape, JITFARM, candidate.generator(), -1, spec.threads(), measure);
    }

    /** @param scratchBytes per-thread scratch, or -1 to take it from the generated kernel */
    private Future<KernelResult> measureKernel(KernelOp op, List<Integer> shape, String engine,
                                               Supplier<GeneratedKernel> generator, int scratchBytes, int threads,
                                               MeasureSpec measure) {
        long start = System.nanoTime();
        GeneratedKernel kernel;
        try {
            kernel = generator.get();
        } catch (RuntimeException e) {
            return Future.succeededFuture(KernelCommand.failed(op, shape, engine, "?", "?", 0, threads,
                    "codegen failed: " + e));
        }
        double codegenMs = (System.nanoTime() - start) / 1e6;
        int scratch = scratchBytes >= 0 ? scratchBytes : kernel.scratchBytesPerThread();
        JsonObject command = KernelCommand.kernel(op, shape, engine, kernel, scratch, threads, measure);
        return answer(command, answer -> KernelCommand.result(op, shape, engine, kernel.variant(), kernel.toString(),
                codegenMs, answer), why -> KernelCommand.failed(op, shape, engine, kernel.variant(), kernel.toString(),
                codegenMs, threads, why));
    }

    private Future<KernelResult> measureBaseline(KernelOp op, List<Integer> shape, String engine) {
        JsonObject command = KernelCommand.baseline(engine, op, shape, spec.threads(), spec.measure());
        return answer(command, answer -> KernelCommand.result(op, shape, engine,
                        engine + "@" + answer.getString("version", "?"), engine, 0, answer),
                why -> KernelCommand.failed(op, shape, engine, engine, engine, 0, spec.threads(), why));
    }

    /**
     * Sends a measurement. A page that answers an error or does not answer in time makes the result
     * invalid, never the job: a stuck page is loaded again first. Only a page that is gone fails the job.
     */
    private Future<KernelResult> answer(JsonObject command, Function<JsonObject, KernelResult> read,
                                        Function<String, KernelResult> invalid) {
        return page.call(command, measurementMs).map(read).recover(e -> {
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

    /** Emits a measurement as a candidate (unless it is a re-measurement) and, when valid, as its engine's best. */
    private Future<Void> report(Future<KernelResult> measured, boolean asCandidate) {
        return measured.map(result -> {
            if (asCandidate) {
                sink.emit(ResultKind.KERNEL_CANDIDATE, result);
            }
            if (result.valid()) {
                sink.emit(ResultKind.KERNEL_BEST, result);
            }
            return null;
        });
    }

    private static KernelResult withNote(KernelResult r, String note) {
        return new KernelResult(r.op(), r.shape(), r.engine(), r.candidateId(), r.config(), r.codegenMs(),
                r.compileMs(), r.samplesMs(), r.stats(), r.gflops(), r.maxAbsError(), r.maxRelError(), r.valid(),
                r.error(), r.threadsUsed(), r.setupMs(), r.firstRunMs(), note);
    }
}
