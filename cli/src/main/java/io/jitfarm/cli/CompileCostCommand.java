package io.jitfarm.cli;

import io.jitfarm.jit.conventional.CMatMulSource;
import io.jitfarm.jit.conventional.ClangPipeline;
import io.jitfarm.jit.conventional.CompileCost;
import io.jitfarm.jit.conventional.CompileCostBenchmark;
import io.jitfarm.jit.conventional.CompileCostReport;
import io.jitfarm.jit.conventional.ConventionalMatMul;
import io.jitfarm.jit.conventional.NodeCompileTimer;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.tune.MatMulCandidate;
import io.jitfarm.jit.tune.MatMulSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compile-cost", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time what one tuning candidate costs to compile, through the JIT's direct",
            "Wasm emission and through the conventional pipeline (nnJIT claims ~100x less).",
            "For each candidate of a MatMul space:",
            "  direct:       Java codegen of the module (TunedMatMul)",
            "                + V8's WebAssembly.compile of its bytes;",
            "  conventional: the same schedule written as C, clang -O3 and wasm-ld",
            "                (one process per candidate) + WebAssembly.compile of its output.",
            "V8 is Node's (one process compiles every module), not Chromium's.",
            "Needs clang, wasm-ld and node on the PATH. Prints a row per candidate and",
            "the medians; exits 0, or 1 if a tool fails."})
final class CompileCostCommand extends Subcommand {

    @Option(names = "--shape", defaultValue = "640,768,2304", paramLabel = "M,K,N",
            description = "The MatMul C[M,N] = A[M,K] x B[K,N] (default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Threads the kernels are made for (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--space", defaultValue = "lite", paramLabel = "SPACE",
            description = "Optimization space, ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    MatMulSpace space;

    @Option(names = "--limit", paramLabel = "N", description = "Only the N best-predicted candidates (default: all).")
    Integer limit;

    @Option(names = "--registers", defaultValue = "16", paramLabel = "N",
            description = "Device profile: SIMD registers (default: ${DEFAULT-VALUE}, as measured on this machine).")
    int registers;

    @Option(names = "--l1", defaultValue = "32768", paramLabel = "BYTES",
            description = "Device profile: L1 data cache (default: ${DEFAULT-VALUE}).")
    int l1Bytes;

    @Option(names = "--l2", defaultValue = "524288", paramLabel = "BYTES",
            description = "Device profile: L2 cache (default: ${DEFAULT-VALUE}).")
    int l2Bytes;

    @Option(names = "--fma", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Device profile: relaxed-SIMD FMA, which candidates then use (default: ${DEFAULT-VALUE}).")
    boolean fma;

    @Option(names = "--v8-compile", defaultValue = "optimizing", paramLabel = "MODE",
            description = {"What WebAssembly.compile must do, ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}):",
                "lazy = V8's default, decode and validate (functions compile at first call);",
                "baseline = eager Liftoff; optimizing = eager TurboFan, the code a timed kernel runs."})
    NodeCompileTimer.Mode v8Mode;

    // On this machine generation times settle after about 2 s (100 passes over the 20 lite candidates of
    // [640,768,2304]); after 3 passes they are still about 5 times slower.
    @Option(names = "--jvm-warmup", defaultValue = "3", paramLabel = "SECONDS",
            description = "Untimed generation before the Java generators are timed (default: ${DEFAULT-VALUE}).")
    double jvmWarmupSeconds;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "N",
            description = "Compilations per module in V8; the median counts (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--clang", defaultValue = ClangPipeline.DEFAULT_CLANG, paramLabel = "PATH",
            description = "clang driver; it runs wasm-ld (default: ${DEFAULT-VALUE}).")
    String clang;

    @Option(names = "--node", defaultValue = NodeCompileTimer.DEFAULT_NODE, paramLabel = "PATH",
            description = "Node.js (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Keep the C sources and modules here (default: a temporary directory, deleted afterwards).")
    Path workDir;

    @Override
    public Integer call() throws IOException {
        MatMulShape matMul;
        try {
            int[] sizes = Stream.of(shape.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
            if (sizes.length != 3) {
                throw new IllegalArgumentException("three sizes needed");
            }
            matMul = new MatMulShape(sizes[0], sizes[1], sizes[2]);
        } catch (IllegalArgumentException notAShape) {
            err().println("jitfarm compile-cost: --shape must be M,K,N, three sizes of at least 1: " + shape);
            return 2;
        }
        // FMA speed-up and thread scaling only weigh candidates against each other; here all share them.
        DeviceProfile profile = new DeviceProfile(registers, l1Bytes, l2Bytes, fma, 1,
                Runtime.getRuntime().availableProcessors(), List.of());
        List<MatMulCandidate> all = space.candidates(profile, matMul, threads);
        List<MatMulCandidate> candidates = limit == null ? all : all.subList(0, Math.min(limit, all.size()));
        Path directory = workDir != null ? Files.createDirectories(workDir)
                : Files.createTempDirectory("jitfarm-compile-cost");
        try {
            ClangPipeline pipeline = new ClangPipeline(clang, directory);
            NodeCompileTimer v8 = new NodeCompileTimer(node, directory, v8Mode, repeats);
            printSetup(matMul, profile, candidates.size(), all.size(), pipeline, v8);
            Duration jvmWarmup = Duration.ofMillis(Math.round(jvmWarmupSeconds * 1000));
            List<CompileCost> costs = new CompileCostBenchmark(pipeline, v8, jvmWarmup).measure(candidates);
            new CompileCostReport(out()).print(costs);
            return 0;
        } catch (IllegalStateException toolFailed) {
            err().println("jitfarm compile-cost: " + toolFailed.getMessage());
            return 1;
        } finally {
            if (workDir == null) {
                deleteRecursively(directory);
            }
        }
    }

    private void printSetup(MatMulShape matMul, DeviceProfile profile, int measured, int total, ClangPipeline pipeline,
            NodeCompileTimer v8) {
        out().printf("compile cost per candidate: %s space, [M,K,N] = %s, %d thread(s); profile: %d SIMD registers,"
                        + " L1 %d B, L2 %d B, %s%n", space.name().toLowerCase(Locale.ROOT), matMul, threads,
                profile.simdRegisters(), profile.l1Bytes(), profile.l2Bytes(),
                profile.relaxedSimd() ? "relaxed-SIMD FMA" : "no FMA");
        out().printf("%d of %d candidates, best predicted first%n", measured, total);
        out().printf("direct:       TunedMatMul.generate on Java %s, median of %d after %.1f s of untimed generation%n",
                Runtime.version(), CompileCostBenchmark.GENERATION_REPEATS, jvmWarmupSeconds);
        out().printf("conventional: CMatMulSource.generate (timed alike), then %s: clang %s%n", pipeline.version(),
                String.join(" ", ClangPipeline.flags(ConventionalMatMul.memory(threads))));
        out().printf("V8 compile:   %s, %s with %s; median of %d compilations per module%n", v8.version(),
                v8.mode().description(),
                v8.mode().v8Flags().isEmpty() ? "no flags" : String.join(" ", v8.mode().v8Flags()), v8.repeats());
        if (profile.relaxedSimd()) {
            out().println("note: " + CMatMulSource.FMA_SUBSTITUTION);
        }
        out().println();
        out().flush();
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
