package io.jitfarm.coordinator.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ModelResult;
import io.jitfarm.common.result.QoeResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.common.result.TuningProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * Turns one stored result into InfluxDB points following DESIGN section 5: what Grafana filters or
 * groups by are tags, numbers and free text are fields.
 */
public final class ResultPoints {
    /** Room for one QoE pass's points (memory samples, frames, responsiveness) between two sequence numbers. */
    private static final long QOE_POINTS_PER_PASS = 1_000;

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
            case ResultKind.QOE -> qoePoints(job, browser, read(payload, QoeResult.class), receivedAtMillis, seq);
            case ResultKind.MODEL_LATENCY ->
                    List.of(modelPoint(job, browser, read(payload, ModelResult.class), receivedAtMillis, seq));
            default -> List.of();
        };
    }

    /**
     * A QoE pass as DESIGN section 5's {@code memory} (one point per sample, tagged with its phase),
     * {@code frames} and {@code responsiveness}, each for the collectors the pass ran. The samples of a
     * pass share its time, one nanosecond apart, so none overwrites another.
     */
    private static List<Point> qoePoints(JobSpec job, String browser, QoeResult qoe, long receivedAtMillis, long seq) {
        List<Point> points = new ArrayList<>();
        long nanos = PointTime.uniqueNanos(receivedAtMillis, seq * QOE_POINTS_PER_PASS);
        if (qoe.memory() != null) {
            QoeResult.Memory memory = qoe.memory();
            for (QoeResult.MemorySample sample : memory.samples()) {
                Point.Builder point = qoeSeries("memory", job, browser, qoe, nanos++).tag("phase", sample.phase());
                optional(point, "js_heap_bytes", sample.jsHeapBytes());
                optional(point, "js_heap_total_bytes", sample.jsHeapTotalBytes());
                optional(point, "ua_memory_bytes", sample.uaMemoryBytes());
                optional(point, "wasm_bytes", sample.wasmBytes());
                optional(point, "gpu_bytes", sample.gpuBytes());
                optional(point, "process_bytes", sample.processBytes());
                optional(point, "weights_bytes", memory.weightsBytes());
                if (sample.phase().equals("peak")) {
                    optional(point, "growth_bytes", memory.growthBytes());
                    optional(point, "ratio_to_weights", memory.ratioToWeights());
                    optional(point, "overhead_pct", memory.overheadPct());
                }
                points.add(point.build());
            }
        }
        if (qoe.frames() != null) {
            QoeResult.Frames frames = qoe.frames();
            Point.Builder point = qoeSeries("frames", job, browser, qoe, nanos++)
                    .addField("fps", frames.fps())
                    .addField("frames", frames.frames())
                    .addField("inferences", qoe.inferences());
            optional(point, "dropped_frames", frames.droppedFrames());
            optional(point, "p95_frame_ms", frames.p95FrameMs());
            optional(point, "median_frame_ms", frames.medianFrameMs());
            optional(point, "idle_median_frame_ms", frames.idleMedianFrameMs());
            optional(point, "long_tasks", frames.longTasks());
            optional(point, "long_task_ms", frames.longTaskMs());
            optional(point, "overhead_pct", frames.overheadPct());
            points.add(point.build());
        }
        if (qoe.responsiveness() != null) {
            QoeResult.Responsiveness input = qoe.responsiveness();
            Point.Builder point = qoeSeries("responsiveness", job, browser, qoe, nanos)
                    .addField("events", input.events())
                    .addField("inferences", qoe.inferences());
            optional(point, "p50_delay_ms", input.p50DelayMs());
            optional(point, "p95_delay_ms", input.p95DelayMs());
            optional(point, "max_delay_ms", input.maxDelayMs());
            optional(point, "overhead_pct", input.overheadPct());
            points.add(point.build());
        }
        return points;
    }

    /** A whole model's latency phases for one engine; an invalid run has no latency fields. */
    private static Point modelPoint(JobSpec job, String browser, ModelResult result, long receivedAtMillis, long seq) {
        Point.Builder point = jobSeries(ResultKind.MODEL_LATENCY, job, browser,
                PointTime.uniqueNanos(receivedAtMillis, seq))
                .tag("model", result.model())
                .tag("engine", result.engine())
                .addField("seq", result.seq())
                .addField("layers", result.layers())
                .addField("threads_used", result.threadsUsed())
                .addField("valid", result.valid());
        optional(point, "error", result.error());
        optional(point, "note", result.note());
        optional(point, "setup_ms", result.setupMs());
        optional(point, "first_run_ms", result.firstRunMs());
        optional(point, "weights_bytes", result.weightsBytes());
        optional(point, "peak_bytes", result.peakBytes());
        optional(point, "tuning_s", result.tuningS());
        SampleStats stats = result.stats();
        if (result.valid() && stats != null) {
            latency(point, stats).addField("max_rel_error", result.maxRelError());
        }
        return point.build();
    }

    /** A kernel pass carries op and shape, a model pass its model; both their engine and placement. */
    private static Point.Builder qoeSeries(String measurement, JobSpec job, String browser, QoeResult qoe, long nanos) {
        Point.Builder point = jobSeries(measurement, job, browser, nanos)
                .tag("engine", qoe.engine())
                .tag("placement", qoe.placement());
        return qoe.model() != null ? point.tag("model", qoe.model())
                : point.tag("op", qoe.op()).tag("shape", qoe.shapeText());
    }

    /** The tags of every measurement of a job (DESIGN section 5). */
    private static Point.Builder jobSeries(String measurement, JobSpec job, String browser, long nanos) {
        return Point.measurement(measurement)
                .time(nanos, TimeUnit.NANOSECONDS)
                .tag("experiment", job.experiment())
                .tag("run", job.runId())
                .tag("device", job.deviceId())
                .tag("browser", browser)
                .tag("backend", job.backend())
                .tag("threads", String.valueOf(job.threads()));
    }

    /** The tags every kernel measurement carries (DESIGN section 5). */
    private static Point.Builder kernelSeries(String measurement, JobSpec job, String browser, String op, String shape,
                                              String engine, long receivedAtMillis, long seq) {
        return jobSeries(measurement, job, browser, PointTime.uniqueNanos(receivedAtMillis, seq))
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
            latency(point, stats);
        }
        return point.build();
    }

    /** The steady-state latency of a valid result; an invalid one's time never counts (DESIGN section 2). */
    private static Point.Builder latency(Point.Builder point, SampleStats stats) {
        return point.addField("median_ms", stats.medianMs())
                .addField("p10_ms", stats.p10Ms())
                .addField("p90_ms", stats.p90Ms())
                .addField("min_ms", stats.minMs())
                .addField("mean_ms", stats.meanMs())
                .addField("samples", stats.n());
    }

    private static void optional(Point.Builder point, String field, String value) {
        if (value != null) {
            point.addField(field, value);
        }
    }

    /** A figure the device could not give is left out of the point, never written as 0. */
    private static void optional(Point.Builder point, String field, Number value) {
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
