package io.jitfarm.coordinator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.job.JobSpec;
import io.jitfarm.common.job.MeasureSpec;
import io.jitfarm.common.job.TuningSpec;
import io.jitfarm.common.job.Workload;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.SampleStats;
import java.util.List;

/** Realistic jobs and kernel results as an agent would send them for a 128x768x768 MatMul. */
final class KernelResults {
    static final String BROWSER = "chromium";
    static final String DEVICE = "local-chromium";
    static final List<Integer> SHAPE = List.of(128, 768, 768);

    private KernelResults() {
    }

    static JobSpec job(String runId) {
        return new JobSpec(runId + "-local-chromium-wasm-2", runId, "matmul-speedup", DEVICE, "wasm", 2,
                List.of(new Workload.Kernel("matmul", List.of(SHAPE))), TuningSpec.DEFAULT,
                List.of("handwritten"), MeasureSpec.DEFAULT, List.of("latency"));
    }

    static JsonNode valid(String candidateId, double medianMs) {
        List<Double> samples = List.of(medianMs - 0.2, medianMs, medianMs + 0.3);
        double gflops = 2.0 * 128 * 768 * 768 / (medianMs * 1e6);
        return json(new KernelResult("matmul", SHAPE, "jitfarm", candidateId, "mb=64 nb=64 kb=128 mr=8 nr=16",
                3.5, 12.25, samples, new SampleStats(samples.size(), medianMs, medianMs - 0.2, medianMs + 0.3,
                medianMs - 0.2, medianMs + 0.03), gflops, 1.5e-5, 2.0e-6, true, null, 1, null, null, null));
    }

    static JsonNode trapped(String candidateId) {
        return json(new KernelResult("matmul", SHAPE, "jitfarm", candidateId, "mb=256 nb=256 kb=256 mr=32 nr=32",
                4.0, 15.0, List.of(), null, 0, 0, 0, false, "trap: unreachable", 1, null, null, null));
    }

    private static JsonNode json(KernelResult result) {
        return ProtocolCodec.JSON.valueToTree(result);
    }
}
