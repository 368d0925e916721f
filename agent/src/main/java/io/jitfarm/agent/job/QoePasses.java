package io.jitfarm.agent.job;

import io.jitfarm.agent.page.PageException;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.result.QoeResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality-of-experience passes of a job (DESIGN section 4): the tuned kernel of each workload run
 * back to back for a while, once on the page's main thread and once on workers, while the collectors
 * the experiment's {@code metrics:} names watch memory, frames and input delay. They run after the
 * latency measurements, never during them, so no collector touches a latency figure; each collector's
 * own cost is measured once per job, in the first pass.
 */
final class QoePasses {
    private static final Logger LOG = LoggerFactory.getLogger(QoePasses.class);
    /** The experiment's metric names that are QoE collectors, in the page's names. */
    static final List<String> COLLECTORS = List.of("memory", "frames", "responsiveness");
    static final long PASS_MS = 2_000;
    static final long OVERHEAD_PASS_MS = 300;
    /** How often the browser's process memory is read while a pass runs. */
    private static final long PROCESS_SAMPLE_MS = 250;
    private static final long FLOAT_BYTES = 4;
    /** The page's fixed costs per pass beyond its durations: the frame collector's idle phase, heap measurements. */
    private static final long PASS_SETUP_MS = 700;
    /** The page measures overheads in this many interleaved rounds of (no collector, each collector alone). */
    private static final int OVERHEAD_ROUNDS = 3;

    private final Vertx vertx;
    private final PageSession page;
    private final JobSpec spec;
    private final ResultSink sink;
    private final List<String> collectors;
    private boolean overheadMeasured;

    QoePasses(Vertx vertx, PageSession page, JobSpec spec, ResultSink sink) {
        this.vertx = vertx;
        this.page = page;
        this.spec = spec;
        this.sink = sink;
        this.collectors = COLLECTORS.stream().filter(spec.metrics()::contains).toList();
    }

    /** Whether the experiment asked for any QoE collector. */
    boolean wanted() {
        return !collectors.isEmpty();
    }

    /**
     * Both passes of {@code kernel}. A pass the page cannot run is logged and left out; it never fails
     * the job, whose latency results are already measured. Only a page that is gone does.
     */
    Future<Void> run(KernelProblem problem, GeneratedKernel kernel) {
        // a main-thread inference runs on the one thread a page has; the threaded kernel computes all of C then
        return pass(problem, kernel, QoeResult.WORKER, spec.threads())
                .compose(v -> pass(problem, kernel, QoeResult.MAIN, 1));
    }

    private Future<Void> pass(KernelProblem problem, GeneratedKernel kernel, String placement, int threads) {
        long overheadPassMs = overheadMeasured ? 0 : OVERHEAD_PASS_MS;
        overheadMeasured = true;
        JsonObject command = KernelCommand.qoe(problem, kernel, threads, placement, PASS_MS, collectors,
                overheadPassMs, weightsBytes(problem));
        ProcessMemorySampler processMemory = collectors.contains("memory") ? new ProcessMemorySampler() : null;
        long passes = 1 + OVERHEAD_ROUNDS * (overheadPassMs > 0 ? 1L + collectors.size() : 0);
        long expectedMs = PASS_MS + passes * PASS_SETUP_MS + OVERHEAD_ROUNDS * (1L + collectors.size()) * overheadPassMs;
        // generous for a loaded machine, yet a stuck pass costs a minute or so, not the measurement limit
        long timeoutMs = 3 * expectedMs + 30_000;
        Future<JsonObject> answer = page.call(command, timeoutMs);
        return answer.transform(done -> {
            Future<List<Long>> samples = processMemory == null ? Future.succeededFuture(List.of()) : processMemory.stop();
            return samples.compose(bytes -> {
                if (done.succeeded()) {
                    sink.emit(ResultKind.QOE, QoeAnswer.read(problem, placement, done.result(), bytes));
                    return Future.<Void>succeededFuture();
                }
                if (done.cause() instanceof PageException failure && failure.reason() != PageException.Reason.LOST) {
                    LOG.warn("{} on {}: no QoE figures: {}", problem, placement, failure.getMessage());
                    return failure.reason() == PageException.Reason.TIMEOUT ? page.load() : Future.<Void>succeededFuture();
                }
                return Future.failedFuture(done.cause());
            });
        });
    }

    /** The constant operands a model would hold while this kernel runs: the weight (and bias) of a MatMul or Linear. */
    private static long weightsBytes(KernelProblem problem) {
        List<Integer> shape = problem.shape();
        return switch (problem.op()) {
            case MATMUL -> (long) shape.get(1) * shape.get(2) * FLOAT_BYTES;
            case LINEAR -> ((long) shape.get(1) * shape.get(2) + (problem.epilogue().bias() ? shape.get(2) : 0))
                    * FLOAT_BYTES;
            case BATCH_MATMUL -> 0; // attention's operands are both activations
        };
    }

    /** Reads the browser's process memory every {@value #PROCESS_SAMPLE_MS} ms until stopped. */
    private final class ProcessMemorySampler {
        private final List<Future<Optional<Long>>> readings = new ArrayList<>();
        private final long timer;

        ProcessMemorySampler() {
            readings.add(page.browserProcessBytes(vertx));
            timer = vertx.setPeriodic(PROCESS_SAMPLE_MS, t -> readings.add(page.browserProcessBytes(vertx)));
        }

        /** Every reading taken, the last one after the pass; empty when the driver shows no process memory. */
        Future<List<Long>> stop() {
            vertx.cancelTimer(timer);
            readings.add(page.browserProcessBytes(vertx));
            return Future.join(readings).map(all -> readings.stream()
                    .map(reading -> reading.result() == null ? Optional.<Long>empty() : reading.result())
                    .flatMap(Optional::stream).toList());
        }
    }
}
