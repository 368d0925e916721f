package io.jitfarm.cli;

import io.jitfarm.coordinator.metrics.MetricsWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * TEST FIXTURE: hand-written points for every measurement of dashboards/README.md, one run's worth, so
 * that the dashboards' queries can be checked before a real run writes all of them. Field types are the
 * ones a writer following the schema gives: counts are integers, {@code valid} and {@code connected}
 * booleans, everything else measured a double.
 */
final class InfluxSchemaFixture {
    static final String RUN = "fixture-run";
    static final String DEVICE = "fixture-device";
    private static final String KERNEL = "matmul";
    private static final String SHAPE = "128x768x768";
    private static final String MODEL = "bert-base";
    private static final List<String> ENGINES = List.of("jitfarm", "handwritten", "ort-web", "tfjs", "naive-js");
    private static final List<String> PLACEMENTS = List.of("main", "worker");
    private static final long STEP_MILLIS = 1_000;

    private final MetricsWriter writer;
    private long time;

    private InfluxSchemaFixture(MetricsWriter writer, long startMillis) {
        this.writer = writer;
        this.time = startMillis;
    }

    /** Writes the run with its points a second apart, starting {@code minutesAgo} before now, and flushes. */
    static void writeRun(MetricsWriter writer, int minutesAgo) {
        InfluxSchemaFixture fixture = new InfluxSchemaFixture(writer,
                System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(minutesAgo));
        fixture.agent();
        fixture.jobs();
        fixture.tuning();
        fixture.bests();
        fixture.models();
        fixture.qualityOfExperience();
        fixture.regression();
        writer.flush();
    }

    private void agent() {
        for (String event : List.of("registered", "heartbeat")) {
            write(Point.measurement("agent").tag("agent", "fixture-agent").addField("event", event)
                    .addField("devices_online", 1).addField("leases", 1).addField("connected", true));
        }
    }

    private record StateChange(String state, int attempt, String reason) {
    }

    /** A job that fails once and succeeds on its retry. */
    private void jobs() {
        List<StateChange> changes = List.of(new StateChange("queued", 1, null), new StateChange("leased", 1, null),
                new StateChange("failed", 1, "page crashed"), new StateChange("queued", 2, "retry after: page crashed"),
                new StateChange("leased", 2, null), new StateChange("succeeded", 2, null));
        for (StateChange change : changes) {
            Point.Builder point = Point.measurement("job")
                    .tag("experiment", "fixture").tag("run", RUN).tag("device", DEVICE).tag("backend", "wasm")
                    .tag("threads", "2").tag("state", change.state())
                    .addField("job_id", RUN + "-job-1").addField("attempt", change.attempt())
                    .addField("agent", "fixture-agent").addField("count", 1);
            if (change.reason() != null) {
                point.addField("reason", change.reason());
            }
            write(point);
        }
    }

    private void tuning() {
        double[] bestMs = {6.0, 4.5, 3.9};
        for (int i = 0; i < bestMs.length; i++) {
            write(kernelSeries("kernel_candidate", "jitfarm").addField("candidate_id", "c-" + i)
                    .addField("config", "mb=64 nb=64 mr=4 nr=16").addField("valid", true)
                    .addField("codegen_ms", 0.4).addField("compile_ms", 3.0 + i).addField("median_ms", bestMs[i])
                    .addField("samples", 20).addField("gflops", 2 * 128.0 * 768 * 768 / bestMs[i] / 1e6));
            write(kernelSeries("tuning_progress", "jitfarm").addField("elapsed_s", 1.5 * (i + 1))
                    .addField("tried", i + 2).addField("valid", i + 1).addField("best_ms", bestMs[i])
                    .addField("best_candidate_id", "c-" + i));
        }
        write(kernelSeries("kernel_candidate", "jitfarm").addField("candidate_id", "c-bad")
                .addField("config", "mb=256 nb=256 mr=32 nr=32").addField("valid", false)
                .addField("error", "wrong result: max relative error 0.3").addField("codegen_ms", 0.5)
                .addField("compile_ms", 7.0));
    }

    private void bests() {
        for (int i = 0; i < ENGINES.size(); i++) {
            double medianMs = 3.9 * (1 + i);
            write(kernelSeries("kernel_best", ENGINES.get(i)).addField("candidate_id", ENGINES.get(i) + "-best")
                    .addField("valid", true).addField("median_ms", medianMs).addField("p10_ms", medianMs * 0.95)
                    .addField("p90_ms", medianMs * 1.1).addField("samples", 20).addField("threads_used", 2)
                    .addField("gflops", 2 * 128.0 * 768 * 768 / medianMs / 1e6));
        }
    }

    private void models() {
        for (int i = 0; i < ENGINES.size() - 1; i++) {
            write(modelSeries("model_latency", ENGINES.get(i)).addField("setup_ms", 400.0 + 100 * i)
                    .addField("first_run_ms", 250.0 + 50 * i).addField("median_ms", 80.0 + 15 * i)
                    .addField("p10_ms", 78.0 + 15 * i).addField("p90_ms", 90.0 + 15 * i).addField("samples", 10)
                    .addField("valid", true));
        }
    }

    private void qualityOfExperience() {
        for (String placement : PLACEMENTS) {
            boolean main = placement.equals("main");
            for (String phase : List.of("before", "during", "after", "peak")) {
                write(modelSeries("memory", "jitfarm").tag("placement", placement).tag("phase", phase)
                        .addField("js_heap_bytes", 40_000_000L).addField("wasm_bytes", 180_000_000L)
                        .addField("gpu_bytes", 0L).addField("weights_bytes", 170_000_000L)
                        .addField("ratio_to_weights", 1.3).addField("growth_bytes", 1_000_000L));
            }
            write(modelSeries("frames", "jitfarm").tag("placement", placement).addField("fps", main ? 21.0 : 59.5)
                    .addField("frames", main ? 105 : 298).addField("dropped_frames", main ? 160 : 2)
                    .addField("p95_frame_ms", main ? 95.0 : 17.5).addField("median_frame_ms", main ? 48.0 : 16.7)
                    .addField("idle_median_frame_ms", 16.7).addField("long_tasks", main ? 50 : 0)
                    .addField("long_task_ms", main ? 4000.0 : 0.0).addField("inferences", 50)
                    .addField("overhead_pct", main ? 3.0 : 6.0));
            write(modelSeries("responsiveness", "jitfarm").tag("placement", placement).addField("events", 40)
                    .addField("p50_delay_ms", main ? 45.0 : 2.0).addField("p95_delay_ms", main ? 90.0 : 5.0)
                    .addField("max_delay_ms", main ? 120.0 : 9.0).addField("inferences", 50)
                    .addField("overhead_pct", main ? 2.5 : 5.0));
        }
    }

    private void regression() {
        write(kernelSeries("regression", "jitfarm").tag("verdict", "regressed").addField("median_ms", 3.9)
                .addField("baseline_median_ms", 3.5).addField("change_pct", 11.4).addField("threshold_pct", 5.0)
                .addField("baseline_run", "fixture-run-before")
                .addField("text", "matmul 128x768x768 jitfarm: 3.9 ms, 11.4 % slower than fixture-run-before"));
    }

    private static Point.Builder runSeries(String measurement, String engine) {
        return Point.measurement(measurement).tag("experiment", "fixture").tag("run", RUN).tag("device", DEVICE)
                .tag("browser", "chromium").tag("backend", "wasm").tag("threads", "2").tag("engine", engine);
    }

    private static Point.Builder kernelSeries(String measurement, String engine) {
        return runSeries(measurement, engine).tag("op", KERNEL).tag("shape", SHAPE);
    }

    private static Point.Builder modelSeries(String measurement, String engine) {
        return runSeries(measurement, engine).tag("model", MODEL);
    }

    private void write(Point.Builder point) {
        time += STEP_MILLIS;
        writer.write(point.time(time, TimeUnit.MILLISECONDS).build());
    }
}
