package io.jitfarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.coordinator.CoordinatorOptions;
import io.jitfarm.coordinator.CoordinatorVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code jitfarm report} on a real recorded run (see src/test/resources/report/README.md). */
@ExtendWith(VertxExtension.class)
class ReportCommandTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String RUN = "quickstart-20261123-024915-993b";
    private static final Path FIXTURES = Path.of("src/test/resources/report");

    @TempDir
    Path dataDir;

    private Path recordedRun(boolean withSyntheticModels) throws IOException {
        Path folder = Files.createDirectories(dataDir.resolve("runs").resolve(RUN));
        Path results = Files.copy(FIXTURES.resolve("runs").resolve(RUN).resolve("results.jsonl"),
                folder.resolve("results.jsonl"));
        if (withSyntheticModels) {
            Files.write(results, Files.readAllBytes(FIXTURES.resolve("synthetic-model-latency.jsonl")),
                    StandardOpenOption.APPEND);
        }
        return folder;
    }

    @Test
    void theReportOfARecordedRunHasEverySectionInMarkdownAndHtmlWithItsCharts() throws IOException {
        Path folder = recordedRun(true);

        CliRun outcome = CliRun.jitfarm("report", RUN, "--data-dir", dataDir.toString());

        assertThat(outcome.exit()).as(outcome.err()).isZero();
        String markdown = Files.readString(folder.resolve("report.md"));
        String html = Files.readString(folder.resolve("report.html"));
        for (String section : new String[] {"# jitfarm report: " + RUN, "## Speedup", "## Tuning",
            "## Memory and quality of experience", "## Against the paper"}) {
            assertThat(markdown).contains(section);
        }
        assertThat(markdown).contains("**Experiment:** `quickstart`").contains("HeadlessChrome 156.0.0.0")
                .contains("local-chromium").contains("bin/jitfarm run experiments/quickstart.yaml")
                .contains("| matmul 128x768x768 | local-chromium | wasm | 1 |")
                .contains("| bert-base seq 128 | local-chromium | wasm | 1 |")
                .contains("SYNTHETIC test fixture line")
                .contains("input delay p95 4.76 ms on main, 1.65 ms on a worker")
                .contains("lite")
                .contains("up to 8.2x").contains("not measured in this run; see `jitfarm compile-cost`")
                .contains("![").contains("(report-convergence.svg)").contains("(report-speedup.svg)")
                .contains("(report-memory.svg)");
        assertThat(html).contains("<h2>Against the paper</h2>").contains("<code>quickstart</code>");
        assertThat(html.split("<svg", -1)).hasSize(4);
        for (String chart : new String[] {"report-convergence.svg", "report-speedup.svg", "report-memory.svg"}) {
            assertThat(Files.readString(folder.resolve(chart))).contains("<svg");
        }
    }

    @Test
    void theCommandPrintsProgressAndTheSpeedupTableWithIntervals() throws IOException {
        recordedRun(false);

        CliRun outcome = CliRun.jitfarm("report", RUN, "--data-dir", dataDir.toString());

        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("read ").contains("64 result(s)").contains("bootstrap")
                .contains("wrote " + dataDir.resolve("runs").resolve(RUN).resolve("report.html"))
                .contains("workload").contains("vs ort-web").contains("vs tfjs")
                .containsPattern("matmul 128x768x768 +local-chromium +wasm +1 .*x \\[\\d+\\.\\d\\d, \\d+\\.\\d\\d\\]");
    }

    @Test
    void aRunWithoutModelsSaysSoAgainstThePaperInsteadOfInventingAFigure() throws IOException {
        Path folder = recordedRun(false);

        CliRun.jitfarm("report", RUN, "--data-dir", dataDir.toString());

        assertThat(Files.readString(folder.resolve("report.md")))
                .contains("no model was run, so the paper's whole-model figure has no counterpart here")
                .contains("not measured in this run (no model run reported its memory)");
    }

    @Test
    void theReportGoesWhereOutSays() throws IOException {
        recordedRun(false);
        Path out = dataDir.resolve("elsewhere");

        CliRun outcome = CliRun.jitfarm("report", RUN, "--data-dir", dataDir.toString(), "--out", out.toString());

        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(out.resolve("report.md")).exists();
        assertThat(out.resolve("report.html")).exists();
    }

    @Test
    void anUnknownRunIsAnErrorThatSaysWhereItLooked() {
        CliRun outcome = CliRun.jitfarm("report", "nope-20261123-000000-0000", "--data-dir", dataDir.toString());

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err()).contains("no results for run nope-20261123-000000-0000").contains("results.jsonl");
    }

    @Test
    void helpExplainsTheCommandAndItsOptions() {
        CliRun outcome = CliRun.jitfarm("report", "--help");

        assertThat(outcome.exit()).isZero();
        assertThat(outcome.out()).contains("Usage: jitfarm report").contains("RUN").contains("--data-dir=DIR")
                .contains("--coordinator=URL").contains("--out=DIR").contains("report.html");
    }

    @Test
    void withACoordinatorTheRunIsReadFromItsApi(Vertx vertx) throws Exception {
        CoordinatorVerticle coordinator = new CoordinatorVerticle();
        CoordinatorOptions options = new CoordinatorOptions("127.0.0.1", 0, dataDir.resolve("data"),
                Optional.of(REPO.resolve("devices.yaml")), 30_000, 3, Optional.empty());
        vertx.deployVerticle(coordinator, new DeploymentOptions().setConfig(options.toConfig()))
                .await(20, TimeUnit.SECONDS);
        String url = "http://127.0.0.1:" + coordinator.port();
        CliRun run = CliRun.jitfarm("run", "--coordinator", url, "--detach", REPO.resolve("experiments/quickstart.yaml").toString());
        String runId = run.out().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];

        CliRun unknown = CliRun.jitfarm("report", "nope-20261123-000000-0000", "--coordinator", url);
        CliRun queued = CliRun.jitfarm("report", runId, "--coordinator", url);

        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("has no run nope-20261123-000000-0000");
        assertThat(queued.exit()).isEqualTo(1);
        assertThat(queued.out()).contains("read run " + runId + " from " + url + ": queued, 0 result(s)");
        assertThat(queued.err()).contains("has no results yet");
    }
}
