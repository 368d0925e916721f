package io.jitfarm.jit.tools;

import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.MatMulShape;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Runs batches of MatMul kernels in Node (V8, as in Chrome) through {@code src/test/node}: one
 * process for many kernels, so Node's start-up is paid once per batch rather than per kernel.
 */
public final class NodeMatMul {

    /**
     * One kernel to run on one shape, once per thread count: every thread in turn, or only thread
     * {@code onlyThread} when it is not negative. {@code shape} is one matrix's; {@code batches} the
     * matrices of a batched kernel (1 otherwise); {@code epilogue} a Linear kernel's (its bias and
     * activation decide the reference).
     */
    public record Run(String name, GeneratedKernel kernel, MatMulShape shape, List<Integer> threadCounts, int onlyThread,
                      int batches, Epilogue epilogue) {

        public Run(String name, GeneratedKernel kernel, MatMulShape shape, List<Integer> threadCounts, int onlyThread) {
            this(name, kernel, shape, threadCounts, onlyThread, 1, Epilogue.NONE);
        }

        public Run(String name, GeneratedKernel kernel, MatMulShape shape, List<Integer> threadCounts) {
            this(name, kernel, shape, threadCounts, -1);
        }
    }

    /** What run-matmul.mjs reports for one run and thread count; see the script for the error metric. */
    public record Accuracy(String name, int threadCount, double maxAbsError, double maxRelError, int nonFiniteOutputs,
                           boolean guardsIntact, String error) {
    }

    /** Every run's accuracy, and per shape whether A and B were left as they were. */
    public record Report(List<Accuracy> accuracies, Map<String, Boolean> inputsIntactByShape) {

        public Map<String, List<Accuracy>> byName() {
            return accuracies.stream().collect(Collectors.groupingBy(Accuracy::name));
        }
    }

    /** What bench-matmul.mjs reports for one run. */
    public record Speed(String name, double medianMs, double gflops, double bestGflops) {
    }

    /** The harness page's seed, so kernels see the inputs they see there. */
    private static final int SEED = 20240601;
    /** Lets Node 20 run f32x4.relaxed_madd; browsers have it on by default. */
    public static final String RELAXED_SIMD = "--experimental-wasm-relaxed-simd";
    /**
     * V8's baseline compiler only: for batches of thousands of short runs, where tiering up would
     * compile each kernel a second time for nothing.
     */
    public static final String BASELINE_TIER = "--liftoff-only";
    /** V8's optimizing compiler only, which the browser runs hot kernels with. */
    public static final String OPTIMIZING_TIER = "--no-liftoff";
    private static final Executor ON_NEW_THREAD = task -> new Thread(task).start();

    private NodeMatMul() {
    }

    /** Checks every run against the float64 reference; {@code nodeFlags} e.g. {@link #RELAXED_SIMD}. */
    public static Report check(Path directory, String batchName, List<Run> runs, String... nodeFlags) {
        return read(node("run-matmul.mjs", directory, batchName, runs, List.of(nodeFlags)));
    }

    /** As {@link #check}, with the runs split between one Node process per core. */
    public static Report checkInParallel(Path directory, String batchName, List<Run> runs, String... nodeFlags) {
        int processes = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), runs.size()));
        List<CompletableFuture<List<Map<String, String>>>> parts = new ArrayList<>();
        for (int part = 0; part < processes; part++) {
            List<Run> slice = runs.subList(runs.size() * part / processes, runs.size() * (part + 1) / processes);
            String name = batchName + "-" + part;
            parts.add(CompletableFuture.supplyAsync(
                    () -> node("run-matmul.mjs", directory, name, slice, List.of(nodeFlags)), ON_NEW_THREAD));
        }
        return read(parts.stream().flatMap(part -> part.join().stream()).toList());
    }

    private static Report read(List<Map<String, String>> lines) {
        List<Accuracy> accuracies = new ArrayList<>();
        Map<String, Boolean> inputsIntact = new HashMap<>();
        for (Map<String, String> line : lines) {
            if (line.containsKey("group")) {
                inputsIntact.merge(NodeScript.text(line.get("group")), Boolean.parseBoolean(line.get("inputsIntact")),
                        Boolean::logicalAnd);
            } else {
                accuracies.add(new Accuracy(NodeScript.text(line.get("name")), Integer.parseInt(line.get("threadCount")),
                        NodeScript.number(line.get("maxAbsError")), NodeScript.number(line.get("maxRelError")),
                        (int) NodeScript.number(line.get("nonFiniteOutputs")), Boolean.parseBoolean(line.get("guardsIntact")),
                        NodeScript.textOrNull(line.get("error"))));
            }
        }
        return new Report(accuracies, inputsIntact);
    }

    /** Times each run with its first thread count; a development aid, never a test assertion. */
    public static List<Speed> bench(Path directory, String batchName, List<Run> runs, int rounds, int msPerRound) {
        return node("bench-matmul.mjs", directory, batchName, runs,
                List.of(RELAXED_SIMD), Integer.toString(rounds), Integer.toString(msPerRound)).stream()
                .map(line -> new Speed(NodeScript.text(line.get("name")), NodeScript.number(line.get("medianMs")),
                        NodeScript.number(line.get("gflops")), NodeScript.number(line.get("bestGflops"))))
                .toList();
    }

    private static List<Map<String, String>> node(String script, Path directory, String batchName, List<Run> runs,
            List<String> nodeFlags, String... scriptArgs) {
        return NodeScript.run(script, writeManifest(directory, batchName, runs), nodeFlags, scriptArgs);
    }

    /** The modules go into one blob file, the rest into a JSON manifest pointing into it. */
    private static Path writeManifest(Path directory, String batchName, List<Run> runs) {
        Path blob = directory.resolve(batchName + ".bin");
        StringBuilder json = new StringBuilder("{\"seed\":").append(SEED)
                .append(",\"blob\":\"").append(blob.toAbsolutePath()).append("\",\"runs\":[");
        try (OutputStream out = Files.newOutputStream(blob)) {
            long offset = 0;
            for (int i = 0; i < runs.size(); i++) {
                Run run = runs.get(i);
                byte[] module = run.kernel().module();
                out.write(module);
                json.append(i == 0 ? "" : ",").append(String.format(
                        "{\"name\":\"%s\",\"offset\":%d,\"length\":%d,\"entryPoint\":\"%s\",\"convention\":\"%s\","
                                + "\"shape\":[%d,%d,%d],\"threadCounts\":%s,\"onlyThread\":%d,\"scratchBytesPerThread\":%d,"
                                + "\"shared\":%b,\"batches\":%d,\"bias\":%b,\"activation\":\"%s\"}",
                        run.name(), offset, module.length, run.kernel().entryPoint(), run.kernel().convention(),
                        run.shape().m(), run.shape().k(), run.shape().n(), run.threadCounts(), run.onlyThread(),
                        run.kernel().scratchBytesPerThread(), run.kernel().memory().shared(), run.batches(),
                        run.epilogue().bias(), run.epilogue().activation().id()));
                offset += module.length;
            }
            Path manifest = directory.resolve(batchName + ".json");
            Files.writeString(manifest, json.append("]}"));
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
