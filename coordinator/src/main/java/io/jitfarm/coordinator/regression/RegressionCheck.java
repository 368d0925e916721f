package io.jitfarm.coordinator.regression;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.coordinator.DeviceCatalog;
import io.jitfarm.coordinator.experiment.Experiment;
import io.jitfarm.coordinator.metrics.MetricsWriter;
import io.jitfarm.coordinator.metrics.RegressionPoints;
import io.jitfarm.coordinator.store.Store;
import io.jitfarm.coordinator.store.StoreListener;
import io.jitfarm.coordinator.store.Views;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a run of an experiment with {@code regression:} ends (succeeded, or failed with some jobs done),
 * judges its best kernel times against the latest earlier run of the experiment that succeeded, and
 * stores the verdicts with the run and, when InfluxDB is configured, as {@code regression} points.
 */
public final class RegressionCheck implements StoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RegressionCheck.class);

    private final Store store;
    private final DeviceCatalog catalog;
    private final Optional<MetricsWriter> metrics;

    public RegressionCheck(Store store, DeviceCatalog catalog, Optional<MetricsWriter> metrics) {
        this.store = store;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    @Override
    public void runEnded(String runId, String state) {
        Optional<Experiment.Regression> rule = store.regression(runId);
        if (rule.isEmpty() || state.equals("cancelled")) {
            return;
        }
        Optional<String> baseline = store.previousSucceededRun(runId);
        if (baseline.isEmpty()) {
            LOG.info("run {}: no earlier run of its experiment succeeded, so there is nothing to compare with", runId);
            return;
        }
        List<Views.Verdict> verdicts = RegressionJudge.judge(bestTimes(runId), bestTimes(baseline.get()),
                baseline.get(), rule.get().thresholdPct());
        store.saveVerdicts(runId, verdicts);
        metrics.ifPresent(writer -> write(writer, store.run(runId).orElseThrow(), verdicts));
        LOG.info("run {} against {}: {} regressed, {} improved, {} unchanged", runId, baseline.get(),
                count(verdicts, RegressionJudge.REGRESSED), count(verdicts, RegressionJudge.IMPROVED),
                count(verdicts, RegressionJudge.UNCHANGED));
    }

    /** Median ms of every valid best variant the run counted. */
    private Map<KernelKey, Double> bestTimes(String runId) {
        Map<KernelKey, Double> times = new LinkedHashMap<>();
        for (Views.Result result : store.countedResults(runId, null)) {
            if (result.kind().equals(ResultKind.KERNEL_BEST)) {
                KernelResult best = read(result);
                if (best.valid() && best.stats() != null) {
                    times.put(new KernelKey(result.deviceId(), result.backend(), result.threads(), best.op(),
                            best.shapeText(), best.engine()), best.stats().medianMs());
                }
            }
        }
        return times;
    }

    private void write(MetricsWriter writer, Views.Run run, List<Views.Verdict> verdicts) {
        long endedAt = Instant.parse(run.finishedAt()).toEpochMilli();
        for (Views.Verdict verdict : verdicts) {
            writer.write(RegressionPoints.of(run.experiment(), run.id(), catalog.browserOf(verdict.deviceId()), verdict,
                    endedAt));
        }
        writer.flush();   // once a run has ended its verdicts are in InfluxDB (or spooled), as its results are
    }

    private static long count(List<Views.Verdict> verdicts, String verdict) {
        return verdicts.stream().filter(v -> v.verdict().equals(verdict)).count();
    }

    private static KernelResult read(Views.Result result) {
        try {
            return ProtocolCodec.JSON.treeToValue(result.payload(), KernelResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("result " + result.seq() + " of job " + result.jobId()
                    + " is no kernel result: " + e.getOriginalMessage(), e);
        }
    }
}
