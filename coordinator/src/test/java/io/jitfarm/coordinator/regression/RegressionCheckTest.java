package io.jitfarm.coordinator.regression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.job.MeasureSpec;
import io.jitfarm.common.job.TuningSpec;
import io.jitfarm.common.job.Workload;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.coordinator.DeviceCatalog;
import io.jitfarm.coordinator.experiment.Experiment;
import io.jitfarm.coordinator.store.JobState;
import io.jitfarm.coordinator.store.Store;
import io.jitfarm.coordinator.store.Views;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs stored, ended and judged by a real store, as the scheduler would drive it. */
class RegressionCheckTest {
    private static final List<Integer> SHAPE = List.of(128, 768, 768);
    private static final Experiment.Regression FIVE_PERCENT = new Experiment.Regression("previous", 5);

    @TempDir
    Path dataDir;
    private Store store;
    private long clock = 1_763_856_000_000L;

    @BeforeEach
    void open() {
        store = Store.open(dataDir);
        store.listen(new RegressionCheck(store, new DeviceCatalog(List.of(), store), Optional.empty()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static JsonNode best(String engine, double medianMs) {
        return ProtocolCodec.JSON.valueToTree(new KernelResult("matmul", SHAPE, engine, engine + "-best", "", 0, 0,
                List.of(medianMs), new SampleStats(1, medianMs, medianMs, medianMs, medianMs, medianMs), 1, 0, 0, true,
                null, 2, null, null, null));
    }

    /** A one-job run of experiment {@code nightly} that ends in {@code end} with these best times by engine. */
    private String run(String runId, Optional<Experiment.Regression> regression, JobState end,
                       Map<String, Double> bestByEngine) {
        JobSpec job = new JobSpec(runId + ".local-chromium.wasm.t2", runId, "nightly", "local-chromium", "wasm", 2,
                List.of(new Workload.Kernel("matmul", List.of(SHAPE))), TuningSpec.DEFAULT, List.of("ort-web"),
                MeasureSpec.DEFAULT, List.of("latency"));
        store.insertRun(runId, "nightly", "nightly.yaml", "name: nightly", clock++, List.of(job), 1, regression);
        store.leaseJob(job.jobId(), "agent-a", 1, clock + 60_000, clock++);
        long seq = 1;
        for (Map.Entry<String, Double> best : bestByEngine.entrySet()) {
            store.insertResult(job.jobId(), 1, seq++, ResultKind.KERNEL_BEST, best(best.getKey(), best.getValue()),
                    clock++);
        }
        store.endAttempt(job.jobId(), 1, end.dbName(), null, end, null, null, clock++);
        return runId;
    }

    private List<Views.Verdict> verdictsOf(String runId) {
        return Optional.ofNullable(store.run(runId).orElseThrow().regression()).orElse(List.of());
    }

    @Test
    void aFinishedRunIsJudgedAgainstTheLatestEarlierRunThatSucceeded() {
        String first = run("nightly-1", Optional.of(FIVE_PERCENT), JobState.SUCCEEDED,
                Map.of("jitfarm", 4.0, "ort-web", 10.0, "tfjs", 20.0));
        run("nightly-2", Optional.of(FIVE_PERCENT), JobState.FAILED, Map.of());
        String third = run("nightly-3", Optional.of(FIVE_PERCENT), JobState.SUCCEEDED,
                Map.of("jitfarm", 4.4, "ort-web", 9.0, "tfjs", 20.5));

        assertThat(verdictsOf(first)).as("nothing earlier to compare with").isEmpty();
        assertThat(verdictsOf(third)).extracting(v -> v.engine() + " " + v.verdict() + " vs " + v.baselineRun())
                .containsExactlyInAnyOrder("jitfarm regressed vs nightly-1", "ort-web improved vs nightly-1",
                        "tfjs unchanged vs nightly-1");
    }

    @Test
    void aRunWithoutRegressionInItsExperimentIsNotJudged() {
        run("nightly-1", Optional.empty(), JobState.SUCCEEDED, Map.of("jitfarm", 4.0));
        String second = run("nightly-2", Optional.empty(), JobState.SUCCEEDED, Map.of("jitfarm", 8.0));

        assertThat(verdictsOf(second)).isEmpty();
    }
}
