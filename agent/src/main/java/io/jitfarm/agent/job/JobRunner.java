package io.jitfarm.agent.job;

import io.jitfarm.agent.AgentOptions;
import io.jitfarm.agent.browser.BrowserLauncher;
import io.jitfarm.agent.page.PageServer;
import io.jitfarm.common.device.Device;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.job.Workload;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.jit.op.KernelOp;
import io.jitfarm.jit.profile.DeviceProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job attempt on one device (DESIGN section 2): opens the browser on the harness page,
 * measures the device, then for every kernel shape tunes the JIT's candidates and measures the
 * baselines, then runs each model with the tuned kernels ({@link ModelBench}), reporting each result
 * as it is produced. Each step has its own time limit and the whole job has one; everything the page
 * and driver said is attached to a failure.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final String COORDINATOR_CANCEL = "coordinator: ";

    private final Vertx vertx;
    private final AgentOptions options;
    private final JobSpec spec;
    private final CandidateSpace space;
    private final ResultSink sink;
    private final PageSession page;
    private final AtomicReference<String> cancelled = new AtomicReference<>();
    private final List<String> skipped = new ArrayList<>();
    private int results;

    public JobRunner(Vertx vertx, WorkerExecutor browsers, AgentOptions options, PageServer pages,
                     BrowserLauncher launcher, Device device, JobSpec spec, CandidateSpace space, ResultSink sink) {
        this.vertx = vertx;
        this.options = options;
        this.spec = spec;
        this.space = space;
        this.sink = (kind, payload) -> {
            sink.emit(kind, payload);
            results++;
        };
        this.page = new PageSession(browsers, options, pages, launcher, device);
    }

    /** The job's summary when it completes; a {@link JobFailure} when it does not. */
    public Future<JsonObject> run() {
        long deadline = vertx.setTimer(options.jobMs(), t -> cancel("the job took longer than " + options.jobMs() + " ms"));
        List<Workload.Kernel> kernels = kernelWorkloads();
        List<Workload.Model> models = modelWorkloads();
        return page.open()
                .compose(v -> {
                    sink.emit(ResultKind.ENVIRONMENT, page.environment().copy().put("device", spec.deviceId())
                            .put("browser", page.describeBrowser()));
                    return kernels.isEmpty() && models.isEmpty() ? Future.<DeviceProfile>succeededFuture(null)
                            : ProfileStep.run(page, sink, options.measurementMs());
                })
                .compose(profile -> {
                    QoePasses qoe = new QoePasses(vertx, page, spec, sink);
                    KernelBench bench = new KernelBench(page, spec, profile, space, sink, qoe, options.measurementMs());
                    Future<Void> chain = Future.succeededFuture();
                    for (Workload.Kernel kernel : kernels) {
                        for (List<Integer> shape : kernel.shapes()) {
                            chain = chain.compose(v -> bench.run(KernelProblem.of(kernel, shape)));
                        }
                    }
                    ModelBench modelBench = new ModelBench(bench, spec, profile, sink, options.measurementMs());
                    for (Workload.Model model : models) {
                        chain = chain.compose(v -> modelBench.run(model));
                    }
                    return chain;
                })
                .map(v -> new JsonObject().put("results", results).put("browser", page.describeBrowser())
                        .put("skipped", skipped))
                .recover(this::failure)
                .eventually(() -> page.close().andThen(done -> vertx.cancelTimer(deadline)));
    }

    /** The kernel workloads this agent can run; the rest are listed as skipped in the summary. */
    private List<Workload.Kernel> kernelWorkloads() {
        List<Workload.Kernel> kernels = new ArrayList<>();
        if (!spec.backend().equals("wasm")) {
            skipped.add("backend " + spec.backend() + ": no kernels are generated for it yet");
            return kernels;
        }
        for (Workload workload : spec.workloads()) {
            if (workload instanceof Workload.Kernel kernel) {
                kernels.add(kernel);
                boolean handwritten = KernelBench.hasHandwritten(KernelOp.byWireName(kernel.kernel()).orElseThrow());
                if (spec.baselines().contains(KernelBench.HANDWRITTEN) && !handwritten) {
                    skipped.add("handwritten " + kernel.kernel() + ": the fixed handwritten kernel is a plain MatMul");
                }
            }
        }
        return kernels;
    }

    /** The model workloads: run on the wasm backend only (kernelWorkloads lists the other backends as skipped). */
    private List<Workload.Model> modelWorkloads() {
        if (!spec.backend().equals("wasm")) {
            return List.of();
        }
        return spec.workloads().stream().filter(Workload.Model.class::isInstance).map(Workload.Model.class::cast).toList();
    }

    /** Stops the job: the page is disconnected and the browser closed, so the running step fails now. */
    public void cancel(String reason) {
        if (cancelled.compareAndSet(null, reason)) {
            LOG.warn("job {}: cancelling: {}", spec.jobId(), reason);
            page.abandon(reason);
        }
    }

    /** Cancels because the coordinator no longer wants this attempt. */
    public void cancelByCoordinator(String reason) {
        cancel(COORDINATOR_CANCEL + reason);
    }

    /** True when the coordinator stopped this attempt: it needs no finish or fail from us. */
    public boolean wasCancelledByCoordinator() {
        String reason = cancelled.get();
        return reason != null && reason.startsWith(COORDINATOR_CANCEL);
    }

    private Future<JsonObject> failure(Throwable e) {
        String reason = cancelled.get() != null ? cancelled.get() : e.getMessage();
        return Future.failedFuture(new JobFailure(reason, String.join("\n", page.logs()), e));
    }
}
