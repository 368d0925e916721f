package io.jitfarm.coordinator.results;

import io.jitfarm.coordinator.DeviceCatalog;
import io.jitfarm.coordinator.metrics.MetricsWriter;
import io.jitfarm.coordinator.metrics.ResultPoints;
import io.jitfarm.coordinator.store.JobRow;
import io.jitfarm.coordinator.store.Store;
import io.jitfarm.coordinator.store.Views;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a job's results once the job has succeeded: to the run folder as JSON lines and to
 * InfluxDB. Waiting for success means only counted results are published, so a retried attempt
 * never doubles points on a dashboard; until then every result is safe in the store.
 */
public final class ResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);

    private final Store store;
    private final Path dataDir;
    private final DeviceCatalog catalog;
    private final Optional<MetricsWriter> metrics;

    public ResultPublisher(Store store, Path dataDir, DeviceCatalog catalog, Optional<MetricsWriter> metrics) {
        this.store = store;
        this.dataDir = dataDir;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    public void jobSucceeded(JobRow job) {
        List<Views.Result> results = store.countedResults(job.spec().runId(), job.id());
        new RunFolder(dataDir, job.spec().runId()).append(results);
        metrics.ifPresent(writer -> {
            String browser = catalog.browserOf(job.spec().deviceId());
            for (Views.Result result : results) {
                ResultPoints.of(job.spec(), browser, result.kind(), result.payload(),
                        Instant.parse(result.receivedAt()).toEpochMilli(), result.seq()).forEach(writer::write);
            }
            writer.flush();   // once a job is done its points are in InfluxDB or its spool, not in memory
        });
        LOG.info("job {}: {} result(s) published", job.id(), results.size());
    }
}
