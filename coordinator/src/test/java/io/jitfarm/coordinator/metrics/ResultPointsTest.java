package io.jitfarm.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.protocol.ProtocolCodec;
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
    void environmentAndUnknownKindsGiveNoPoints() {
        JsonNode environment = ProtocolCodec.JSON.createObjectNode()
                .put("userAgent", "Mozilla/5.0 HeadlessChrome/156");

        assertThat(ResultPoints.of(KernelResults.job("run-1"), KernelResults.BROWSER, ResultKind.ENVIRONMENT,
                environment, RECEIVED_AT_MS, 1)).isEmpty();
        assertThat(ResultPoints.of(KernelResults.job("run-1"), KernelResults.BROWSER, "model_latency",
                environment, RECEIVED_AT_MS, 2)).isEmpty();
    }
}
