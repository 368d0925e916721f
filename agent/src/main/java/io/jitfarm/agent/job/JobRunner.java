package io.jitfarm.agent.job;

import io.jitfarm.agent.AgentOptions;
import io.jitfarm.agent.browser.BrowserLauncher;
import io.jitfarm.agent.browser.BrowserSession;
import io.jitfarm.agent.page.PageConnection;
import io.jitfarm.agent.page.PageServer;
import io.jitfarm.common.device.Device;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.job.Workload;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.op.KernelOp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job attempt on one device: opens the browser, loads the harness page, measures every
 * kernel variant the job asks for, and reports each result as it is produced. Everything the page or
 * driver said is attached to a failure. Each step has its own time limit, and the whole job has one.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final Vertx vertx;
    private final WorkerExecutor browsers;
    private final AgentOptions options;
    private final PageServer pages;
    private final BrowserLauncher launcher;
    private final Device device;
    private final JobSpec spec;
    private final ResultSink sink;
    private static final String COORDINATOR_CANCEL = "coordinator: ";
    private final String token = UUID.randomUUID().toString();
    private final AtomicReference<String> cancelled = new AtomicReference<>();
    private final List<String> skipped = new ArrayList<>();
    private volatile BrowserSession session;
    private volatile PageConnection page;
    private int results;

    public JobRunner(Vertx vertx, WorkerExecutor browsers, AgentOptions options, PageServer pages,
                     BrowserLauncher launcher, Device device, JobSpec spec, ResultSink sink) {
        this.vertx = vertx;
        this.browsers = browsers;
        this.options = options;
        this.pages = pages;
        this.launcher = launcher;
        this.device = device;
        this.spec = spec;
        this.sink = sink;
    }

    /** The job's summary when it completes; a {@link JobFailure} when it does not. */
    public Future<JsonObject> run() {
        long deadline = vertx.setTimer(options.jobMs(), t -> cancel("the job took longer than " + options.jobMs() + " ms"));
        List<Task> tasks = plan();
        return openBrowser()
                .compose(v -> loadPage())
                .compose(v -> {
                    emit(ResultKind.ENVIRONMENT, page.environment().copy().put("device", device.id())
                            .put("browser", session.describe()));
                    Future<Void> chain = Future.succeededFuture();
                    for (Task task : tasks) {
                        chain = chain.compose(done -> task.run());
                    }
                    return chain;
                })
                .map(v -> new JsonObject().put("results", results).put("browser", session.describe())
                        .put("skipped", skipped))
                .recover(this::failure)
                .eventually(() -> closeBrowser().andThen(done -> vertx.cancelTimer(deadline)));
    }

    /** Stops the job: the page is disconnected and the browser closed, so the running step fails now. */
    public void cancel(String reason) {
        if (cancelled.compareAndSet(null, reason)) {
            LOG.warn("job {}: cancelling: {}", spec.jobId(), reason);
            if (page != null) {
                page.close();
            }
            closeBrowser();
        }
    }

    public String token() {
        return token;
    }

    private Future<Void> openBrowser() {
        // short: Chromium's socket paths under it are limited to 107 bytes
        Path sessionDir = options.workDir().resolve("sessions").resolve(token.substring(0, 8));
        return blocking(() -> {
            BrowserSession opened = launcher.launch(device, sessionDir);
            if (cancelled.get() != null) {   // gave up waiting (timeout or cancel) while it started
                opened.close();
                throw new IllegalStateException(cancelled.get());
            }
            session = opened;
            LOG.info("job {}: {} started", spec.jobId(), opened.describe());
            return null;
        }, options.browserStartMs(), "starting the browser");
    }

    private Future<Void> loadPage() {
        Future<PageConnection> connected = pages.expect(token, options.pageLoadMs());
        return blocking(() -> {
            session.open(pages.pageUrl(token));
            return null;
        }, options.pageLoadMs(), "loading the harness page")
                .compose(v -> connected)
                .map(connection -> {
                    page = connection;
                    return null;
                });
    }

    private Future<Void> closeBrowser() {
        pages.forget(token);
        BrowserSession open = session;
        session = null;
        return open == null ? Future.succeededFuture() : browsers.executeBlocking(() -> {
            open.close();
            return null;
        }, false).mapEmpty();
    }

    /** One measurement step, run in order. */
    private interface Task {
        Future<Void> run();
    }

    private List<Task> plan() {
        List<Task> tasks = new ArrayList<>();
        if (spec.threads() > 1) {
            skipped.add(spec.threads() + " threads: multi-threaded kernels come with the JIT compiler");
            return tasks;
        }
        for (Workload workload : spec.workloads()) {
            if (workload instanceof Workload.Model model) {
                skipped.add("model " + model.model() + ": whole-model runs come with the inference engine");
            } else if (workload instanceof Workload.Kernel kernel) {
                KernelOp op = KernelOp.byWireName(kernel.kernel()).orElseThrow();
                List<KernelVariant> variants = KernelVariant.available(op, spec.backend(), spec.baselines());
                if (variants.isEmpty()) {
                    skipped.add(op.wireName() + " on " + spec.backend() + ": no kernels generated for it yet");
                    continue;
                }
                spec.baselines().stream().filter(b -> variants.stream().noneMatch(v -> v.engine().equals(b)))
                        .forEach(b -> skipped.add("baseline " + b + " for " + op.wireName() + ": not available yet"));
                for (List<Integer> shape : kernel.shapes()) {
                    tasks.add(() -> measureShape(op, shape, variants));
                }
            }
        }
        return tasks;
    }

    /** Every variant at one shape, then the best valid one of each engine. */
    private Future<Void> measureShape(KernelOp op, List<Integer> shape, List<KernelVariant> variants) {
        Map<String, List<KernelResult>> byEngine = new LinkedHashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (KernelVariant variant : variants) {
            chain = chain.compose(v -> measure(op, shape, variant).map(result -> {
                byEngine.computeIfAbsent(variant.engine(), e -> new ArrayList<>()).add(result);
                return null;
            }));
        }
        return chain.map(v -> {
            byEngine.values().forEach(results -> best(results).ifPresent(b -> emit(ResultKind.KERNEL_BEST, b)));
            return null;
        });
    }

    private static Optional<KernelResult> best(List<KernelResult> results) {
        return results.stream().filter(KernelResult::valid)
                .min(Comparator.comparingDouble(r -> r.stats().medianMs()));
    }

    private Future<KernelResult> measure(KernelOp op, List<Integer> shape, KernelVariant variant) {
        long start = System.nanoTime();
        GeneratedKernel kernel = variant.generator().get();
        double codegenMs = (System.nanoTime() - start) / 1e6;
        JsonObject command = KernelCommand.of(op, shape, variant.engine(), kernel, spec.measure());
        return page.call(command, options.measurementMs()).map(answer -> {
            KernelResult result = KernelCommand.result(op, shape, variant.engine(), kernel, codegenMs, answer);
            emit(ResultKind.KERNEL_CANDIDATE, result);
            LOG.info("job {}: {} {} {}: {}", spec.jobId(), op.wireName(), shape, kernel.variant(),
                    result.valid() ? String.format("%.3f ms, %.2f GFLOP/s", result.stats().medianMs(), result.gflops())
                            : "invalid: " + result.error());
            return result;
        });
    }

    private void emit(String kind, Object payload) {
        sink.emit(kind, payload);
        results++;
    }

    private <T> Future<T> blocking(Supplier<T> work, long timeoutMs, String step) {
        return browsers.<T>executeBlocking(work::get, false)
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .recover(e -> {
                    if (e instanceof java.util.concurrent.TimeoutException) {
                        cancel(step + " took longer than " + timeoutMs + " ms");
                    }
                    return Future.failedFuture(new IllegalStateException(step + " failed: " + e.getMessage(), e));
                });
    }

    private Future<JsonObject> failure(Throwable e) {
        String reason = cancelled.get() != null ? cancelled.get() : e.getMessage();
        List<String> log = new ArrayList<>();
        if (page != null) {
            log.add("--- page console");
            log.addAll(page.logs());
        }
        BrowserSession open = session;
        if (open != null) {
            log.add("--- chromedriver log (last lines)");
            log.addAll(open.driverLog());
        }
        return Future.failedFuture(new JobFailure(reason, String.join("\n", log), e));
    }

    /** True when the coordinator stopped this attempt: it needs no finish or fail from us. */
    public boolean wasCancelledByCoordinator() {
        String reason = cancelled.get();
        return reason != null && reason.startsWith(COORDINATOR_CANCEL);
    }

    /** Cancels because the coordinator no longer wants this attempt. */
    public void cancelByCoordinator(String reason) {
        cancel(COORDINATOR_CANCEL + reason);
    }
}
