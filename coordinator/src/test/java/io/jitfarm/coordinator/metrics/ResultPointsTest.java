package io.jitfarm.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.ModelResult;
import io.jitfarm.common.result.QoeResult;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.TuningProgress;
import java.util.List;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

class ResultPointsTest {
    private static final long RECEIVED_AT_MS = 1_763_856_000_123L;

    private static String lineOf(String kind, JsonNode payload, long seq) {
        List<Point> points = ResultPoints.of(KernelResults.job("run-1"), KernelResults.BROWSER, kind, payload,
                RECEIVED_AT_MS, seq);
        assertThat(points).hasSize(1);
        return points.get(0).lineProtocol();
    }

    @Test
    void aValidCandidateCarriesItsLatencyAsFieldsAndItsContextAsTags() {
        String line = lineOf(ResultKind.KERNEL_CANDIDATE, KernelResults.valid("c-17", 4.0), 7);

        assertThat(line).startsWith("kernel_candidate,backend=wasm,browser=chromium,device=local-chromium,"
                + "engine=jitfarm,experiment=matmul-speedup,op=matmul,run=run-1,shape=128x768x768,threads=2 ");
        assertThat(line).contains("candidate_id=\"c-17\"", "median_ms=4.0", "samples=3i", "valid=true")
                .doesNotContain(",error=");
    }

    @Test
    void anInvalidResultHasValidFalseAndTheErrorButNoLatency() {
        String line = lineOf(ResultKind.KERNEL_CANDIDATE, KernelResults.trapped("c-99"), 8);

        assertThat(line).contains("valid=false", "error=\"trap: unreachable\"", "candidate_id=\"c-99\"")
                .doesNotContain("median_ms", "p10_ms", "p90_ms", "min_ms", "mean_ms", "samples");
    }

    @Test
    void theTimestampIsTheReceiptMillisecondWithTheSequenceNumberInItsNanoseconds() {
        String line = lineOf(ResultKind.KERNEL_BEST, KernelResults.valid("c-17", 4.0), 42);

        assertThat(line).startsWith("kernel_best,").endsWith(" " + (RECEIVED_AT_MS * 1_000_000 + 42));
    }

    @Test
    void tuningProgressIsTheJitsConvergenceCurve() {
        JsonNode progress = ProtocolCodec.JSON.valueToTree(
                new TuningProgress("matmul", List.of(128, 768, 768), 2.5, 3.25, "c-17", 6, 5));

        assertThat(lineOf(ResultKind.TUNING_PROGRESS, progress, 9)).startsWith("tuning_progress,backend=wasm,"
                        + "browser=chromium,device=local-chromium,engine=jitfarm,experiment=matmul-speedup,op=matmul,"
                        + "run=run-1,shape=128x768x768,threads=2 ")
                .contains("elapsed_s=2.5", "best_ms=3.25", "best_candidate_id=\"c-17\"", "tried=6i", "valid=5i");
    }

    @Test
    void tuningProgressBeforeAnyValidCandidateHasNoBest() {
        JsonNode progress = ProtocolCodec.JSON.valueToTree(
                new TuningProgress("matmul", List.of(128, 768, 768), 0.4, null, null, 1, 0));

        assertThat(lineOf(ResultKind.TUNING_PROGRESS, progress, 3)).contains("tried=1i").doesNotContain("best_ms");
    }

    @Test
    void aQoePassBecomesMemoryPointsPerPhaseAndOneFramesAndOneResponsivenessPoint() {
        QoeResult.MemorySample before = new QoeResult.MemorySample("before", 0.0, 1_000_000L, 2_000_000L, null,
                4_194_304L, null, null);
        QoeResult.MemorySample peak = new QoeResult.MemorySample("peak", 812.5, 1_500_000L, 2_000_000L, null,
                4_194_304L, null, 250_000_000L);
        QoeResult qoe = new QoeResult("matmul", List.of(128, 768, 768), null, "jitfarm", QoeResult.MAIN, 2000, 57, 30.5,
                new QoeResult.Memory(List.of(before, peak), 2_359_296L, 500_000L, 2.4, 0.3),
                new QoeResult.Frames(21.5, 43, 70, 66.7, 33.4, 16.7, 41, 1800.0, 1.2),
                new QoeResult.Responsiveness(40, 12.0, 31.0, 35.5, null));

        List<String> lines = ResultPoints.of(KernelResults.job("run-1"), KernelResults.BROWSER, ResultKind.QOE,
                ProtocolCodec.JSON.valueToTree(qoe), RECEIVED_AT_MS, 5).stream().map(Point::lineProtocol).toList();

        String tags = "backend=wasm,browser=chromium,device=local-chromium,engine=jitfarm,experiment=matmul-speedup,"
                + "op=matmul,";
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("memory," + tags + "phase=before,placement=main,run=run-1,")
                .contains("js_heap_bytes=1000000i", "wasm_bytes=4194304i", "weights_bytes=2359296i")
                .as("a figure the device cannot give is left out").doesNotContain("process_bytes", "ua_memory_bytes");
        assertThat(lines.get(1)).startsWith("memory," + tags + "phase=peak,placement=main,")
                .contains("process_bytes=250000000i", "growth_bytes=500000i", "ratio_to_weights=2.4");
        assertThat(lines.get(2)).startsWith("frames," + tags + "placement=main,run=run-1,shape=128x768x768,threads=2 ")
                .contains("fps=21.5", "dropped_frames=70i", "long_tasks=41i", "inferences=57i", "overhead_pct=1.2");
        assertThat(lines.get(3)).startsWith("responsiveness,").contains("p95_delay_ms=31.0", "max_delay_ms=35.5")
                .doesNotContain("overhead_pct");
        assertThat(lines).extracting(line -> line.substring(line.lastIndexOf(' ') + 1)).doesNotHaveDuplicates();
    }

    @Test
    void aModelRunIsAModelLatencyPointTaggedWithModelAndEngine() {
        List<Double> samples = List.of(410.0, 420.0, 430.0);
        ModelResult bert = new ModelResult("bert-base", 384, 12, "jitfarm", 2, 950.0, 700.0, samples,
                SampleStats.of(samples), 3e-6, true, null, 435_000_000L, 520_000_000L, 41.5, null);

        assertThat(lineOf(ResultKind.MODEL_LATENCY, ProtocolCodec.JSON.valueToTree(bert), 4))
                .startsWith("model_latency,backend=wasm,browser=chromium,device=local-chromium,engine=jitfarm,"
                        + "experiment=matmul-speedup,model=bert-base,run=run-1,threads=2 ")
                .contains("median_ms=420.0", "setup_ms=950.0", "first_run_ms=700.0", "peak_bytes=520000000i",
                        "tuning_s=41.5", "seq=384i", "valid=true");
    }

    @Test
    void environmentAndUnknownKindsGiveNoPoints() {
        JsonNode environment = ProtocolCodec.JSON.createObjectNode()
                .put("userAgent", "Mozilla/5.0 HeadlessChrome/156");

        assertThat(ResultPoints.of(KernelResults.job("run-1"), KernelResults.BROWSER, ResultKind.ENVIRONMENT,
                environment, RECEIVED_AT_MS, 1)).isEmpty();
        assertThat(ResultPoints.of(KernelResults.job("run-1"), KernelResults.BROWSER, "webgpu_adapter",
                environment, RECEIVED_AT_MS, 2)).isEmpty();
    }
}
