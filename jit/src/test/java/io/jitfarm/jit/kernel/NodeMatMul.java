package io.jitfarm.jit.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.tools.ExternalProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a MatMul kernel in Node on seeded random data via {@code src/test/node/run-matmul.mjs}. */
final class NodeMatMul {

    /** What run-matmul.mjs reports; see the script for how relative error is defined. */
    record Accuracy(double maxAbsError, double maxRelError, int nonFiniteOutputs, boolean guardsIntact) {
    }

    private static final Path SCRIPT = Path.of("src/test/node/run-matmul.mjs");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int SEED = 20240601;

    private NodeMatMul() {
    }

    static Accuracy run(Path module, String entryPoint, int m, int k, int n) {
        assertThat(SCRIPT).as("run-matmul.mjs relative to the jit module").exists();
        ExternalProcess.Result result = ExternalProcess.run(TIMEOUT, List.of("node", SCRIPT.toString(),
                module.toString(), entryPoint, Integer.toString(m), Integer.toString(k), Integer.toString(n),
                Integer.toString(SEED)));
        assertThat(result.exitCode()).as("node failed: %s", result.stderr()).isZero();
        String json = result.stdout().strip();
        return new Accuracy(
                Double.parseDouble(field(json, "maxAbsError")),
                Double.parseDouble(field(json, "maxRelError")),
                Integer.parseInt(field(json, "nonFiniteOutputs")),
                Boolean.parseBoolean(field(json, "guardsIntact")));
    }

    static Path write(Path directory, GeneratedKernel kernel) throws IOException {
        return Files.write(directory.resolve(kernel.variant() + ".wasm"), kernel.module());
    }

    /** The script prints one flat object of numbers and booleans, so a pattern reads it without a JSON library. */
    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":([^,}]+)").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }
}
