package io.jitfarm.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.agent.AgentOptions;
import io.jitfarm.agent.browser.BrowserLauncher;
import io.jitfarm.agent.page.PageServer;
import io.jitfarm.common.device.Device;
import io.jitfarm.common.device.DriverKind;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.job.MeasureSpec;
import io.jitfarm.common.job.TuningSpec;
import io.jitfarm.common.job.Workload;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ModelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.jit.model.ModelArchitecture;
import io.jitfarm.jit.model.ModelConfig;
import io.jitfarm.jit.profile.DeviceProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole models through {@link ModelBench} in real headless Chromium, from the device profile to the
 * two engines' model results: a small BERT (2 layers, hidden 128, seq 16) and a GPT-2 prefill of the
 * same size on two threads, each GEMM tuned for a second, and the other architectures reduced. With {@code -Djitfarm.bench.bert=<seq>} it also runs
 * BERT-base at that sequence length and logs the figures (a measurement, not a test: minutes long).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelBenchTest {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBenchTest.class);
    private static final int SEQ = 16;
    private static final String BENCH_PROPERTY = "jitfarm.bench.bert";

    @TempDir
    static Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final List<Object[]> emitted = Collections.synchronizedList(new ArrayList<>());
    private WorkerExecutor browsers;
    private PageServer pages;
    private PageSession page;
    private AgentOptions options;
    private DeviceProfile profile;

    private static <T> T await(Future<T> future, int minutes) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(minutes, TimeUnit.MINUTES);
    }

    @BeforeAll
    void openPage() throws Exception {
        options = AgentOptions.fromConfig(new JsonObject().put(AgentOptions.WORK_DIR, dir.toString()));
        Device device = new Device("local-chromium", DriverKind.CHROMEDRIVER, "chromium", "/usr/bin/chromium",
                List.of("--headless=new"), null, Map.of(), Map.of());
        browsers = vertx.createSharedWorkerExecutor("browsers", 2);
        pages = await(PageServer.start(vertx, "127.0.0.1", 0), 1);
        page = new PageSession(browsers, options, pages, BrowserLauncher.forDriver(DriverKind.CHROMEDRIVER).orElseThrow(),
                device);
        await(page.open(), 2);
        profile = await(ProfileStep.run(page, (kind, payload) -> { }, options.measurementMs()), 5);
    }

    @AfterAll
    void closeBrowser() throws Exception {
        if (page != null) {
            await(page.close(), 1);
        }
        await(pages.close(), 1);
        await(vertx.close(), 1);
    }

    private List<ModelResult> run(Workload.Model workload, ModelConfig config, double budgetS, int threads)
            throws Exception {
        return run(workload, config, budgetS, threads, new MeasureSpec(1, 5, 100), List.of(KernelBench.HANDWRITTEN));
    }

    private List<ModelResult> run(Workload.Model workload, ModelConfig config, double budgetS, int threads,
                                  MeasureSpec measure, List<String> baselines) throws Exception {
        emitted.clear();
        JobSpec spec = new JobSpec("job", "run", "test", "local-chromium", "wasm", threads, List.of(workload),
                new TuningSpec(budgetS, "lite"), baselines, measure, List.of());
        ResultSink sink = (kind, payload) -> emitted.add(new Object[] {kind, payload});
        KernelBench kernels = new KernelBench(page, spec, profile, new JitCandidates(), sink,
                new QoePasses(vertx, page, spec, sink), options.measurementMs());
        await(new ModelBench(kernels, spec, profile, sink, options.measurementMs()).run(workload, config), 60);
        return emitted.stream().filter(e -> e[0].equals(ResultKind.MODEL_LATENCY)).map(e -> (ModelResult) e[1]).toList();
    }

    @Test
    void aSmallBertRunsCheckedWithTunedAndUntunedGemmsAndInTheBaselines() throws Exception {
        ModelConfig config = new ModelConfig(ModelArchitecture.BERT_BASE, 2, 128, 4, 512, 1000, 64);
        List<ModelResult> results = run(new Workload.Model("bert-base", SEQ), config, 1, 1, new MeasureSpec(1, 5, 100),
                List.of(KernelBench.HANDWRITTEN, "ort-web", "tfjs"));
        assertValidEngines(results.subList(0, 2), config);
        assertThat(results).extracting(ModelResult::engine).containsExactly(KernelBench.JITFARM, KernelBench.HANDWRITTEN,
                "ort-web", "tfjs");
        assertThat(results.subList(2, 4)).allSatisfy(baseline -> {
            assertThat(baseline.valid()).as("%s", baseline).isTrue();
            assertThat(baseline.maxRelError()).isLessThanOrEqualTo(1e-4);
            assertThat(baseline.stats().medianMs()).isPositive();
            assertThat(baseline.note()).contains("output vs jitfarm's");
        });
        assertThat(emitted).as("tuning candidates are reported as kernel results")
                .anySatisfy(e -> assertThat(e[1]).isInstanceOf(KernelResult.class));
    }

    @Test
    void aSmallGpt2PrefillRunsOnTwoThreads() throws Exception {
        ModelConfig config = new ModelConfig(ModelArchitecture.GPT2, 2, 128, 4, 512, 1000, 64);
        assertValidEngines(run(new Workload.Model("gpt2", SEQ), config, 1, 2), config);
    }

    @Test
    void aGpt2DecodeStepRunsAgainstItsKvCacheInEveryEngine() throws Exception {
        ModelConfig config = new ModelConfig(ModelArchitecture.GPT2, 2, 128, 4, 512, 1000, 64);
        List<ModelResult> results = run(new Workload.Model("gpt2", SEQ, Workload.Model.DECODE), config, 1, 1,
                new MeasureSpec(1, 5, 100), List.of(KernelBench.HANDWRITTEN, "ort-web", "tfjs"));
        assertThat(results).extracting(ModelResult::model).containsOnly("gpt2-decode");
        assertThat(results).extracting(ModelResult::engine).containsExactly(KernelBench.JITFARM, KernelBench.HANDWRITTEN,
                "ort-web", "tfjs");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.valid()).as("%s", result).isTrue();
            assertThat(result.maxRelError()).isLessThanOrEqualTo(1e-4);
        });
    }

    /** The other architectures' own blocks (relative position bias, cross-attention, rotary) in the page. */
    @ParameterizedTest
    @EnumSource(value = ModelArchitecture.class, names = {"T5_SMALL", "BART_BASE", "LLAMA2_7B"})
    void theOtherArchitecturesRunReduced(ModelArchitecture architecture) throws Exception {
        ModelConfig config = ModelConfig.reduced(architecture);
        assertValidEngines(run(new Workload.Model(architecture.wireName(), SEQ), config, 0.5, 1), config);
    }

    private static void assertValidEngines(List<ModelResult> results, ModelConfig config) {
        assertThat(results).extracting(ModelResult::engine).containsExactly(KernelBench.JITFARM, KernelBench.HANDWRITTEN);
        for (ModelResult result : results) {
            LOG.info("{}", result);
            assertThat(result.valid()).as("%s", result).isTrue();
            assertThat(result.maxRelError()).isLessThanOrEqualTo(1e-4);
            assertThat(result.layers()).isEqualTo(config.layers());
            assertThat(result.stats().medianMs()).isPositive();
            assertThat(result.samplesMs()).hasSizeGreaterThanOrEqualTo(5);
            assertThat(result.setupMs()).isPositive();
            assertThat(result.firstRunMs()).isPositive();
            assertThat(result.weightsBytes()).isPositive();
            assertThat(result.peakBytes()).isGreaterThan(result.weightsBytes());
        }
        assertThat(results.get(0).tuningS()).isPositive();
        assertThat(results.get(1).tuningS()).isNull();
    }

    /** Not a test: BERT-base's figures at the sequence length the property names, tuned with 20 s per GEMM. */
    @Test
    @EnabledIfSystemProperty(named = BENCH_PROPERTY, matches = "\\d+")
    void benchBertBase() throws Exception {
        int seq = Integer.parseInt(System.getProperty(BENCH_PROPERTY));
        double budgetS = Double.parseDouble(System.getProperty("jitfarm.bench.budget", "20"));
        for (ModelResult result : run(new Workload.Model("bert-base", seq), ModelConfig.of(ModelArchitecture.BERT_BASE),
                budgetS, Integer.getInteger("jitfarm.bench.threads", 1), new MeasureSpec(2, 10, 1000),
                List.of(KernelBench.HANDWRITTEN, "ort-web", "tfjs"))) {
            LOG.info("BENCH {} seq {}: valid {} median {} ms (p10 {}, p90 {}), setup {} ms, first run {} ms, tuning {} s,"
                            + " maxRelError {}, weights {} B, peak {} B; {}", result.engine(), seq, result.valid(),
                    result.stats() == null ? null : result.stats().medianMs(),
                    result.stats() == null ? null : result.stats().p10Ms(),
                    result.stats() == null ? null : result.stats().p90Ms(), result.setupMs(), result.firstRunMs(),
                    result.tuningS(), result.maxRelError(), result.weightsBytes(), result.peakBytes(),
                    result.error() != null ? result.error() : result.note());
        }
    }
}
