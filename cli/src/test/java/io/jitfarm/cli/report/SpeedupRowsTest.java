package io.jitfarm.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.common.protocol.ProtocolCodec;
import io.jitfarm.common.result.KernelResult;
import io.jitfarm.common.result.ResultKind;
import io.jitfarm.common.result.SampleStats;
import io.jitfarm.coordinator.store.Views;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeedupRowsTest {

    private static Views.Result best(String engine, int threads, List<Double> samples, boolean valid) {
        KernelResult result = new KernelResult("matmul", List.of(2, 3, 4), engine, engine + "-1", engine, 0, 0,
                valid ? samples : List.of(), valid ? SampleStats.of(samples) : null, 1, 0, 0, valid,
                valid ? null : "trapped", threads, null, null, null);
        return new Views.Result("r.d.wasm.t" + threads, "d", "wasm", threads, 1, 1, ResultKind.KERNEL_BEST,
                "2026-11-23T00:00:00Z", ProtocolCodec.JSON.valueToTree(result));
    }

    @Test
    void eachJobGetsItsOwnRowWithTheSpeedupOverEveryPeerThatRan() {
        RecordedRun run = new RecordedRun("r", "e", List.of(
                best("jitfarm", 1, List.of(2.0, 2.0, 2.0), true),
                best("ort-web", 1, List.of(6.0, 6.0, 6.0), true),
                best("jitfarm", 2, List.of(1.0, 1.0), true),
                best("handwritten", 2, List.of(3.0, 3.0), true)));

        List<SpeedupRow> rows = new SpeedupRows(new BootstrapRatio()).of(run);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).workload()).isEqualTo("matmul 2x3x4");
        assertThat(rows.get(0).job()).isEqualTo(new JobContext("d", "wasm", 1));
        assertThat(rows.get(0).speedupOver()).containsOnlyKeys("ort-web");
        assertThat(rows.get(0).speedupOver().get("ort-web").ratio()).isEqualTo(3.0);
        assertThat(rows.get(1).speedupOver()).containsOnlyKeys("handwritten");
    }

    @Test
    void anInvalidEngineHasNoMedianAndNoRatioButIsNamed() {
        RecordedRun run = new RecordedRun("r", "e", List.of(
                best("jitfarm", 1, List.of(2.0), true),
                best("tfjs", 1, List.of(), false)));

        SpeedupRow row = new SpeedupRows(new BootstrapRatio()).of(run).get(0);

        assertThat(row.medianMs()).containsOnlyKeys("jitfarm");
        assertThat(row.speedupOver()).isEmpty();
        assertThat(row.invalid()).containsEntry("tfjs", "trapped");
        assertThat(new SpeedupSection().table(List.of(row)).rows().get(0)).contains("invalid");
    }

    @Test
    void enginesOutsideThePaperTableAreLeftOut() {
        RecordedRun run = new RecordedRun("r", "e", List.of(
                best("jitfarm", 1, List.of(2.0), true),
                best("scalar", 1, List.of(50.0), true)));

        assertThat(new SpeedupRows(new BootstrapRatio()).of(run).get(0).medianMs()).containsOnlyKeys("jitfarm");
    }
}
