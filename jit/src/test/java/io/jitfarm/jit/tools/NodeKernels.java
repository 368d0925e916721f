package io.jitfarm.jit.tools;

import io.jitfarm.jit.kernel.GeneratedKernel;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Runs kernels in Node (V8) through {@code src/test/node/run-kernels.mjs} on memory images prepared
 * here, and reports how what they wrote compares with float64 references computed here: the runner
 * for row ops and whole model plans. Kernels and images shared by several jobs are written once.
 */
public final class NodeKernels {

    /** One call of kernel {@code kernel} (an index into the job's kernels) with its i32 arguments. */
    public record Call(int kernel, int[] arguments) {
    }

    /** An output to compare: {@code expected.length} floats at {@code byteOffset}. */
    public record Check(String name, int byteOffset, double[] expected, double[] magnitudes) {
    }

    /** Calls made in order on a fresh copy of the job's image, then checks. */
    public record Run(String name, List<Call> calls, List<Check> checks) {
    }

    /**
     * Runs on one memory: {@code image} (zero past it, up to {@code memoryBytes}), shared for
     * kernels that import a shared memory.
     */
    public record Job(String name, byte[] image, int memoryBytes, boolean shared, List<GeneratedKernel> kernels,
                      List<Run> runs) {
    }

    /** What run-kernels.mjs reports for one check of one run; see the script for the definitions. */
    public record Outcome(String job, String run, String check, double maxAbsError, double maxRelError, int nonFinite,
                          int changed, boolean restIntact, String error) {

        /** No error, every output finite and within {@code tolerance}, nothing else written. */
        public boolean passes(double tolerance) {
            return error == null && nonFinite == 0 && restIntact && maxRelError <= tolerance;
        }
    }

    private static final Executor ON_NEW_THREAD = task -> new Thread(task).start();

    private NodeKernels() {
    }

    /** Runs the jobs split between one Node process per core; {@code nodeFlags} e.g. {@link NodeMatMul#RELAXED_SIMD}. */
    public static List<Outcome> run(Path directory, String batchName, List<Job> jobs, String... nodeFlags) {
        int processes = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), jobs.size()));
        List<CompletableFuture<List<Outcome>>> parts = new ArrayList<>();
        for (int part = 0; part < processes; part++) {
            List<Job> slice = jobs.subList(jobs.size() * part / processes, jobs.size() * (part + 1) / processes);
            Path manifest = writeManifest(directory, batchName + "-" + part, slice);
            parts.add(CompletableFuture.supplyAsync(() -> NodeScript.run("run-kernels.mjs", manifest, List.of(nodeFlags))
                    .stream().map(NodeKernels::outcome).toList(), ON_NEW_THREAD));
        }
        return parts.stream().flatMap(part -> part.join().stream()).toList();
    }

    /** Outcomes by job name. */
    public static Map<String, List<Outcome>> byJob(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Outcome::job));
    }

    private static Outcome outcome(Map<String, String> line) {
        return new Outcome(NodeScript.text(line.get("job")), NodeScript.text(line.get("run")),
                NodeScript.text(line.get("check")), NodeScript.number(line.get("maxAbsError")),
                NodeScript.number(line.get("maxRelError")), (int) NodeScript.number(line.get("nonFinite")),
                (int) NodeScript.number(line.get("changed")), Boolean.parseBoolean(line.get("restIntact")),
                NodeScript.textOrNull(line.get("error")));
    }

    /** Kernels, images and references go into one blob file, the rest into a JSON manifest pointing into it. */
    private static Path writeManifest(Path directory, String batchName, List<Job> jobs) {
        Path blobPath = directory.resolve(batchName + ".bin");
        try (Blob blob = new Blob(Files.newOutputStream(blobPath))) {
            Map<GeneratedKernel, Integer> kernelIndex = new IdentityHashMap<>();
            List<String> kernels = new ArrayList<>();
            Map<byte[], Long> imageOffsets = new IdentityHashMap<>();
            StringBuilder json = new StringBuilder("{\"blob\":").append(NodeScript.quote(blobPath.toAbsolutePath().toString()))
                    .append(",\"jobs\":[");
            for (int j = 0; j < jobs.size(); j++) {
                Job job = jobs.get(j);
                List<Integer> indices = new ArrayList<>();
                for (GeneratedKernel kernel : job.kernels()) {
                    indices.add(kernelIndex.computeIfAbsent(kernel, k -> {
                        byte[] module = k.module();
                        kernels.add(String.format("{\"offset\":%d,\"length\":%d,\"entryPoint\":%s}", blob.write(module),
                                module.length, NodeScript.quote(k.entryPoint())));
                        return kernels.size() - 1;
                    }));
                }
                long imageOffset = imageOffsets.computeIfAbsent(job.image(), blob::write);
                json.append(j == 0 ? "" : ",").append(String.format(
                        "{\"name\":%s,\"memoryBytes\":%d,\"shared\":%b,\"image\":{\"offset\":%d,\"length\":%d},\"kernels\":%s,\"runs\":[",
                        NodeScript.quote(job.name()), job.memoryBytes(), job.shared(), imageOffset, job.image().length, indices));
                for (int r = 0; r < job.runs().size(); r++) {
                    json.append(r == 0 ? "" : ",").append(runJson(job.runs().get(r), blob));
                }
                json.append("]}");
            }
            json.append("],\"kernels\":[").append(String.join(",", kernels)).append("]}");
            Path manifest = directory.resolve(batchName + ".json");
            Files.writeString(manifest, json);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String runJson(Run run, Blob blob) {
        List<String> calls = run.calls().stream().map(call -> "[" + call.kernel()
                + Arrays.stream(call.arguments()).mapToObj(argument -> "," + argument).collect(Collectors.joining()) + "]")
                .toList();
        List<String> checks = new ArrayList<>();
        for (Check check : run.checks()) {
            checks.add(String.format("{\"name\":%s,\"byteOffset\":%d,\"elements\":%d,\"expected\":%d,\"magnitudes\":%d}",
                    NodeScript.quote(check.name()), check.byteOffset(), check.expected().length,
                    blob.writeDoubles(check.expected()), blob.writeDoubles(check.magnitudes())));
        }
        return String.format("{\"name\":%s,\"calls\":[%s],\"checks\":[%s]}", NodeScript.quote(run.name()),
                String.join(",", calls), String.join(",", checks));
    }

    /** The blob file, written sequentially; every write returns where it went. */
    private static final class Blob implements AutoCloseable {

        private final DataOutputStream out;
        private long size;

        Blob(OutputStream out) {
            this.out = new DataOutputStream(new BufferedOutputStream(out));
        }

        long write(byte[] bytes) {
            try {
                long offset = size;
                out.write(bytes);
                size += bytes.length;
                return offset;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Little-endian float64, 8-byte aligned. */
        long writeDoubles(double[] values) {
            write(new byte[(int) (-size & 7)]);
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asDoubleBuffer().put(values);
            return write(bytes.array());
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
