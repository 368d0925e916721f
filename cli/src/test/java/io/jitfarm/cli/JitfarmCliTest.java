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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class JitfarmCliTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void validateAcceptsTheShippedExperiments() {
        CliRun outcome = CliRun.jitfarm("validate", "--devices", REPO.resolve("devices.yaml").toString(),
                REPO.resolve("experiments/quickstart.yaml").toString(),
                REPO.resolve("experiments/matmul-speedup.yaml").toString());

        assertThat(outcome.exit()).isZero();
        assertThat(outcome.out()).contains("quickstart.yaml: ok (quickstart, 1 job(s) per run)")
                .contains("matmul-speedup.yaml: ok (matmul-speedup, 2 job(s) per run)");
    }

    @Test
    void validateRejectsABrokenFileNamingLineAndKey() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"),
                "name: broken\ndevices: {ids: [local-chromium]}\nbackends: [wasm]\nworkloads: []\ntunning: {}\n");

        CliRun outcome = CliRun.jitfarm("validate", "--devices", REPO.resolve("devices.yaml").toString(), broken.toString());

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err()).contains(broken + ":4:1: workloads: must not be empty")
                .contains(broken + ":5:1: tunning: unknown key; did you mean \"tuning\"?")
                .contains("broken.yaml: 2 error(s)");
    }

    @Test
    void runSubmitsToACoordinatorAndStatusShowsTheRun(Vertx vertx) throws Exception {
        CoordinatorVerticle coordinator = new CoordinatorVerticle();
        CoordinatorOptions options = new CoordinatorOptions("127.0.0.1", 0, dir.resolve("data"),
                Optional.of(REPO.resolve("devices.yaml")), 30_000, 3, Optional.empty());
        vertx.deployVerticle(coordinator, new DeploymentOptions().setConfig(options.toConfig()))
                .await(20, TimeUnit.SECONDS);
        String url = "http://127.0.0.1:" + coordinator.port();

        CliRun run = CliRun.jitfarm("run", "--coordinator", url, "--detach",
                REPO.resolve("experiments/matmul-speedup.yaml").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        String runId = run.out().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];
        assertThat(runId).startsWith("matmul-speedup-");

        CliRun status = CliRun.jitfarm("status", "--coordinator", url, runId);
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("local-chromium   wasm     1       queued")
                .contains("local-chromium   wasm     2       queued");

        CliRun rejected = CliRun.jitfarm("run", "--coordinator", url, REPO.resolve("devices.yaml").toString());
        assertThat(rejected.exit()).isEqualTo(1);
        assertThat(rejected.err()).contains("devices.yaml:3:1: name: is required but missing")
                .contains("devices.yaml:3:1: devices: expected a mapping, got a list").contains("nothing was queued");
    }

    @Test
    void compileCostComparesBothPipelinesOnTheSameCandidates() {
        CliRun outcome = CliRun.jitfarm("compile-cost", "--shape", "33,65,17", "--limit", "2", "--jvm-warmup", "0.2",
                "--repeats", "1");

        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("2 of ").contains("median ratio (conventional / direct): ");
    }

    @Test
    void statusReadsADataDirectoryWithoutACoordinator() {
        CliRun missing = CliRun.jitfarm("status", "--data-dir", dir.resolve("nothing").toString());

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no jitfarm data in");
    }
}
