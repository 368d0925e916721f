package io.jitfarm.coordinator.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jitfarm.common.config.ConfigError;
import io.jitfarm.common.config.ConfigException;
import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.common.device.DeviceInventory;
import io.jitfarm.common.job.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExperimentValidationTest {
    private static final List<DeviceDescriptor> KNOWN = List.of(
            new DeviceDescriptor("local-chromium", "chromedriver", "chromium", Map.of("os", "linux")),
            new DeviceDescriptor("pixel-7", "appium", "chrome", Map.of("form", "phone")));
    private static final ExperimentParser PARSER = new ExperimentParser(KNOWN);

    /** A valid file with one line replaced, so each case shows only what it breaks. */
    private static String fileWith(String key, String line) {
        String base = """
                name: check
                devices: {ids: [local-chromium]}
                backends: [wasm]
                threads: [1, 2]
                workloads:
                  - {kernel: matmul, shapes: [[128, 768, 768]]}
                tuning: {budget_s: 30, space: lite}
                measure: {warmup: 3, repeats: 20, min_time_ms: 200}
                """;
        return base.lines().map(l -> l.startsWith(key + ":") ? line : l)
                .reduce("", (a, b) -> a + b + "\n") + (base.contains(key + ":") ? "" : line + "\n");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("unknown top-level key", fileWith("baseline", "baseline: [ort-web]"),
                        List.of("bad.yaml:9:1: baseline: unknown key; did you mean \"baselines\"? (allowed: backends,"
                                + " baselines, devices, measure, metrics, name, regression, schedule, threads, tuning,"
                                + " workloads)")),
                Arguments.of("unknown nested key", fileWith("tuning", "tuning: {budget: 30}"),
                        List.of("bad.yaml:7:10: tuning.budget: unknown key; did you mean \"budget_s\"? (allowed:"
                                + " budget_s, space)")),
                Arguments.of("wrong type for a list", fileWith("threads", "threads: two"),
                        List.of("bad.yaml:4:1: threads: expected a list, got text \"two\"")),
                Arguments.of("thread count out of range", fileWith("threads", "threads: [1, 0]"),
                        List.of("bad.yaml:4:14: threads[1]: must be between 1 and 64, got 0")),
                Arguments.of("empty backends", fileWith("backends", "backends: []"),
                        List.of("bad.yaml:3:1: backends: must not be empty")),
                Arguments.of("unknown backend", fileWith("backends", "backends: [wasm, wgpu]"),
                        List.of("bad.yaml:3:18: backends[1]: unknown backend \"wgpu\"; did you mean \"webgpu\"?"
                                + " (expected one of: wasm, webgpu)")),
                Arguments.of("backend listed twice", fileWith("backends", "backends: [wasm, wasm]"),
                        List.of("bad.yaml:3:18: backends[1]: wasm is listed twice")),
                Arguments.of("zero dimension", fileWith("  - {kernel", "  - {kernel: matmul, shapes: [[0, 768, 768]]}"),
                        List.of("bad.yaml:6:32: workloads[0].shapes[0][0]: must be between 1 and 2147483647, got 0")),
                Arguments.of("absurd shape", fileWith("  - {kernel",
                                "  - {kernel: matmul, shapes: [[100000, 100000, 64]]}"),
                        List.of("bad.yaml:6:31: workloads[0].shapes[0]: absurd shape [100000, 100000, 64]: operand A"
                                + " would hold 10000000000 elements (limit 2^31)")),
                Arguments.of("shape with the wrong number of dimensions",
                        fileWith("  - {kernel", "  - {kernel: batch_matmul, shapes: [[128, 768, 768]]}"),
                        List.of("bad.yaml:6:37: workloads[0].shapes[0]: batch_matmul takes 4 dimensions [B, M, K, N],"
                                + " got 3")),
                Arguments.of("unknown kernel", fileWith("  - {kernel", "  - {kernel: conv2d, shapes: [[1, 2, 3]]}"),
                        List.of("bad.yaml:6:6: workloads[0].kernel: unknown kernel \"conv2d\" (expected one of: matmul,"
                                + " batch_matmul, linear)")),
                Arguments.of("an epilogue on a kernel that has none",
                        fileWith("  - {kernel", "  - {kernel: matmul, shapes: [[1, 2, 3]], activation: gelu}"),
                        List.of("bad.yaml:6:43: workloads[0].activation: applies to linear kernels only, not matmul")),
                Arguments.of("an unknown activation",
                        fileWith("  - {kernel", "  - {kernel: linear, shapes: [[1, 2, 3]], bias: true, activation: gleu}"),
                        List.of("bad.yaml:6:55: workloads[0].activation: unknown activation \"gleu\"; did you mean"
                                + " \"gelu\"? (expected one of: none, relu, gelu)")),
                Arguments.of("a decode step of an encoder",
                        fileWith("  - {kernel", "  - {model: bert-base, seq: 16, phase: decode}"),
                        List.of("bad.yaml:6:33: workloads[0].phase: decode needs a decoder-only model (gpt2, llama2-7b),"
                                + " not bert-base")),
                Arguments.of("kernel and model in one workload",
                        fileWith("  - {kernel", "  - {kernel: matmul, model: gpt2, shapes: [[1, 2, 3]]}"),
                        List.of("bad.yaml:6:5: workloads[0]: takes only one of kernel, model (found kernel, model)")),
                Arguments.of("sequence longer than the model allows",
                        fileWith("  - {kernel", "  - {model: bert-base, seq: 4096}"),
                        List.of("bad.yaml:6:24: workloads[0].seq: must be between 1 and 512, got 4096")),
                Arguments.of("unknown device id", fileWith("devices", "devices: {ids: [local-chromum]}"),
                        List.of("bad.yaml:2:17: devices.ids[0]: unknown device id \"local-chromum\"; did you mean"
                                + " \"local-chromium\"? (known: local-chromium, pixel-7)")),
                Arguments.of("selector that matches nothing", fileWith("devices", "devices: {match: {browser: safari}}"),
                        List.of("bad.yaml:2:11: devices.match: matches no known device (known: local-chromium {driver:"
                                + " chromedriver, browser: chromium, os: linux}; pixel-7 {driver: appium, browser: chrome,"
                                + " form: phone})")),
                Arguments.of("ids and match together",
                        fileWith("devices", "devices: {ids: [local-chromium], match: {browser: chromium}}"),
                        List.of("bad.yaml:2:1: devices: takes only one of ids, match (found ids, match)")),
                Arguments.of("bad cron expression", fileWith("schedule", "schedule: \"0 25 * * *\""),
                        List.of("bad.yaml:9:1: schedule: \"0 25 * * *\" is not a cron expression with 5 fields"
                                + " (minute hour day month weekday): Failed to parse cron expression. Value 25 not in"
                                + " range [0, 23]")),
                Arguments.of("regression against anything but the previous run",
                        fileWith("regression", "regression: {compare_to: nightly-20261122-020000-ab12, threshold_pct: 5}"),
                        List.of("bad.yaml:9:14: regression.compare_to: unknown compare_to"
                                + " \"nightly-20261122-020000-ab12\" (expected one of: previous)")),
                Arguments.of("zero tuning budget", fileWith("tuning", "tuning: {budget_s: 0, space: lite}"),
                        List.of("bad.yaml:7:10: tuning.budget_s: must be > 0, got 0")),
                Arguments.of("negative tuning budget and unknown space",
                        fileWith("tuning", "tuning: {budget_s: -5, space: huge}"),
                        List.of("bad.yaml:7:10: tuning.budget_s: must be > 0, got -5",
                                "bad.yaml:7:24: tuning.space: unknown space \"huge\" (expected one of: lite, full)")),
                Arguments.of("zero repeats", fileWith("measure", "measure: {warmup: 3, repeats: 0}"),
                        List.of("bad.yaml:8:22: measure.repeats: must be between 1 and 100000, got 0")),
                Arguments.of("missing required keys", "name: check\nbackends: [wasm]\n",
                        List.of("bad.yaml:1:1: devices: is required but missing",
                                "bad.yaml:1:1: workloads: is required but missing")),
                Arguments.of("duplicate key", fileWith("threads", "threads: [1]\nthreads: [2]"),
                        List.of("bad.yaml:5:1: threads: duplicate key (it appears earlier in the same mapping)")),
                Arguments.of("not YAML at all", "name: [unclosed\n",
                        List.of("bad.yaml:1:16: not valid YAML: expected ',' or ']', but got <stream end> (while parsing a flow"
                                + " sequence that starts at line 1, column 7)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileIsRejectedWithEveryErrorLocated(String problem, String yaml, List<String> expected) {
        ConfigException rejected = catchThrowableOfType(ConfigException.class, () -> PARSER.parse("bad.yaml", yaml));

        assertThat(rejected).as("%s should be rejected", problem).isNotNull();
        assertThat(rejected.errors()).map(ConfigError::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void everyProblemInOneFileIsReportedAtOnce() {
        String yaml = """
                name: bad name!
                devices: {ids: [nowhere]}
                backends: [wasm, cuda]
                threads: [0]
                workloads: []
                metrics: [latency, fps]
                """;
        ConfigException rejected = catchThrowableOfType(ConfigException.class, () -> PARSER.parse("many.yaml", yaml));

        assertThat(rejected.errors()).extracting(ConfigError::key)
                .containsExactly("name", "devices.ids[0]", "backends[1]", "threads[0]", "workloads", "metrics[1]");
    }

    @Test
    void theShippedExperimentsAreValidAgainstTheShippedDevices() throws IOException, ConfigException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<DeviceDescriptor> devices = DeviceInventory.load(repo.resolve("devices.yaml")).stream()
                .map(d -> d.descriptor()).toList();
        List<Path> files;
        try (Stream<Path> listing = Files.list(repo.resolve("experiments"))) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }

        assertThat(files).extracting(p -> p.getFileName().toString()).contains("quickstart.yaml");
        for (Path file : files) {
            Experiment experiment = new ExperimentParser(devices).parse(file);
            assertThat(RunPlanner.plan(experiment, "r", devices)).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void aGoodFileReadsIntoRecordsWithDefaultsFilledIn() throws ConfigException {
        Experiment experiment = PARSER.parse("good.yaml", """
                name: defaults
                devices: {match: {os: linux}}
                backends: [webgpu]
                workloads:
                  - {kernel: matmul, shapes: [[1, 1, 1], [33, 65, 17]]}
                  - {kernel: linear, shapes: [[128, 768, 3072]], bias: true, activation: gelu}
                  - {model: gpt2}
                """);

        assertThat(experiment.threads()).containsExactly(1);
        assertThat(experiment.metrics()).containsExactly("latency");
        assertThat(experiment.tuning().space()).isEqualTo("lite");
        assertThat(experiment.workloads()).containsExactly(
                new Workload.Kernel("matmul", List.of(List.of(1, 1, 1), List.of(33, 65, 17))),
                new Workload.Kernel("linear", List.of(List.of(128, 768, 3072)), true, "gelu"),
                new Workload.Model("gpt2", ExperimentParser.DEFAULT_SEQ));
        assertThat(experiment.schedule()).isEmpty();
    }

    @Test
    void aRunExpandsIntoOneJobPerDeviceBackendAndThreadCountWithReadableIds() throws ConfigException {
        Experiment experiment = PARSER.parse("plan.yaml", fileWith("backends", "backends: [wasm, webgpu]"));

        assertThat(RunPlanner.plan(experiment, "check-1", KNOWN)).extracting(j -> j.jobId())
                .containsExactly("check-1.local-chromium.wasm.t1", "check-1.local-chromium.wasm.t2",
                        "check-1.local-chromium.webgpu.t1");
    }
}
