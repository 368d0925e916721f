package io.jitfarm.coordinator.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.common.result.TuningProgress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * Turns one stored result into InfluxDB points following DESIGN section 5: what Grafana filters or
 * groups by are tags, numbers and free text are fields.
 */
public final class ResultPoints {
    private ResultPoints() {
    }

    /**
     * @param browser          the browser of the job's device, e.g. {@code chromium}
     * @param kind             a {@link ResultKind}; kinds without a measurement give no points
     * @param payload          the result as the agent sent it
     * @param receivedAtMillis when the coordinator received the result
     * @param seq              the result's sequence number within its job attempt
     */
    public static List<Point> of(JobSpec job, String browser, String kind, JsonNode payload, long receivedAtMillis,
                                 long seq) {
        return switch (kind) {
            case ResultKind.KERNEL_CANDIDATE, ResultKind.KERNEL_BEST ->
                    List.of(kernelPoint(job, browser, kind, read(payload, KernelResult.class), receivedAtMillis, seq));
            case ResultKind.TUNING_PROGRESS ->
                    List.of(progressPoint(job, browser, read(payload, TuningProgress.class), receivedAtMillis, seq));
            default -> List.of();
        };
    }

    /** The tags every kernel measurement carries (DESIGN section 5). */
    private static Point.Builder kernelSeries(String measurement, JobSpec job, String browser, String op, String shape,
                                              String engine, long receivedAtMillis, long seq) {
        return Point.measurement(measurement)
                // results come in bursts; their sequence number (unique within an attempt) keeps each
                .time(PointTime.uniqueNanos(receivedAtMillis, seq), TimeUnit.NANOSECONDS)
                .tag("experiment", job.experiment())
                .tag("run", job.runId())
                .tag("device", job.deviceId())
                .tag("browser", browser)
                .tag("backend", job.backend())
                .tag("threads", String.valueOf(job.threads()))
                .tag("op", op)
                .tag("shape", shape)
                .tag("engine", engine);
    }

    /** The convergence curve: best latency so far against seconds of tuning. Only the JIT is tuned. */
    private static Point progressPoint(JobSpec job, String browser, TuningProgress progress, long receivedAtMillis,
                                       long seq) {
        Point.Builder point = kernelSeries(ResultKind.TUNING_PROGRESS, job, browser, progress.op(),
                progress.shapeText(), "jitfarm", receivedAtMillis, seq)
                .addField("elapsed_s", progress.elapsedS())
                .addField("tried", progress.tried())
                .addField("valid", progress.valid());
        if (progress.bestMs() != null) {
            point.addField("best_ms", progress.bestMs()).addField("best_candidate_id", progress.bestCandidateId());
        }
        return point.build();
    }

    private static Point kernelPoint(JobSpec job, String browser, String measurement, KernelResult result,
                                     long receivedAtMillis, long seq) {
        Point.Builder point = kernelSeries(measurement, job, browser, result.op(), result.shapeText(), result.engine(),
                receivedAtMillis, seq)
                .addField("candidate_id", result.candidateId())
                .addField("config", result.config())
                .addField("valid", result.valid())
                .addField("gflops", result.gflops())
                .addField("compile_ms", result.compileMs())
                .addField("codegen_ms", result.codegenMs())
                .addField("max_abs_error", result.maxAbsError())
                .addField("max_rel_error", result.maxRelError());
        point.addField("threads_used", result.threadsUsed());
        optional(point, "error", result.error());
        optional(point, "note", result.note());
        if (result.setupMs() != null) {
            point.addField("setup_ms", result.setupMs());
        }
        if (result.firstRunMs() != null) {
            point.addField("first_run_ms", result.firstRunMs());
        }
        // an invalid variant's time never counts (DESIGN section 2), so it must not reach latency panels
        SampleStats stats = result.stats();
        if (result.valid() && stats != null) {
            point.addField("median_ms", stats.medianMs())
                    .addField("p10_ms", stats.p10Ms())
                    .addField("p90_ms", stats.p90Ms())
                    .addField("min_ms", stats.minMs())
                    .addField("mean_ms", stats.meanMs())
                    .addField("samples", stats.n());
        }
        return point.build();
    }

    private static void optional(Point.Builder point, String field, String value) {
        if (value != null) {
            point.addField(field, value);
        }
    }

    private static <T> T read(JsonNode payload, Class<T> type) {
        try {
            return ProtocolCodec.JSON.treeToValue(payload, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
