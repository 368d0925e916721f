package io.jitfarm.coordinator.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.SampleStats;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * Turns one stored result into InfluxDB points following DESIGN section 5: what Grafana filters or
 * groups by are tags, numbers and free text are fields.
 */
public final class ResultPoints {
    private static final long NANOS_PER_MILLI = 1_000_000;

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
                    List.of(kernelPoint(job, browser, kind, kernelResult(payload), receivedAtMillis, seq));
            default -> List.of();
        };
    }

    private static Point kernelPoint(JobSpec job, String browser, String measurement, KernelResult result,
                                     long receivedAtMillis, long seq) {
        Point.Builder point = Point.measurement(measurement)
                .time(uniqueNanos(receivedAtMillis, seq), TimeUnit.NANOSECONDS)
                .tag("experiment", job.experiment())
                .tag("run", job.runId())
                .tag("device", job.deviceId())
                .tag("browser", browser)
                .tag("backend", job.backend())
                .tag("threads", String.valueOf(job.threads()))
                .tag("op", result.op())
                .tag("shape", result.shapeText())
                .tag("engine", result.engine())
                .addField("candidate_id", result.candidateId())
                .addField("config", result.config())
                .addField("valid", result.valid())
                .addField("gflops", result.gflops())
                .addField("compile_ms", result.compileMs())
                .addField("codegen_ms", result.codegenMs())
                .addField("max_abs_error", result.maxAbsError())
                .addField("max_rel_error", result.maxRelError());
        if (result.error() != null) {
            point.addField("error", result.error());
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

    /**
     * InfluxDB keeps one point per series and timestamp, so two results with the same tags received in
     * the same millisecond (candidates of one engine arrive in bursts) would overwrite each other. The
     * sequence number, unique within a job attempt, fills the sub-millisecond nanoseconds to keep both;
     * taken modulo a millisecond so that the point still lies within the millisecond it was received.
     */
    private static long uniqueNanos(long receivedAtMillis, long seq) {
        return receivedAtMillis * NANOS_PER_MILLI + Math.floorMod(seq, NANOS_PER_MILLI);
    }

    private static KernelResult kernelResult(JsonNode payload) {
        try {
            return ProtocolCodec.JSON.treeToValue(payload, KernelResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a kernel result: " + e.getOriginalMessage(), e);
        }
    }
}
