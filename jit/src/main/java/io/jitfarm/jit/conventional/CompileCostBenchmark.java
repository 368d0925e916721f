package io.jitfarm.jit.conventional;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.TunedMatMul;
import io.jitfarm.jit.tune.MatMulCandidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Measures, for each candidate, what it costs to get from its schedule to a compiled module through
 * the direct pipeline (the JIT writes Wasm bytes) and through the conventional one (C, then clang and
 * wasm-ld), V8's compilation of the result included on both sides. Steps run one at a time, so the
 * two cores never time two things at once.
 */
public final class CompileCostBenchmark {

    /** Timed generations per candidate and generator; the median counts, so a GC pause does not. */
    public static final int GENERATION_REPEATS = 5;

    private final ClangPipeline clang;
    private final NodeCompileTimer v8;
    private final Duration jvmWarmup;

    /**
     * @param jvmWarmup how long both Java generators run untimed over all candidates first, as in a
     *                  tuner's JVM that has been running a while; at least one pass runs, however short
     */
    public CompileCostBenchmark(ClangPipeline clang, NodeCompileTimer v8, Duration jvmWarmup) {
        this.clang = clang;
        this.v8 = v8;
        this.jvmWarmup = jvmWarmup;
    }

    public List<CompileCost> measure(List<MatMulCandidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        long warmupEnd = System.nanoTime() + jvmWarmup.toNanos();
        do {
            for (MatMulCandidate candidate : candidates) {
                TunedMatMul.generate(candidate.schedule(), candidate.shape());
                CMatMulSource.generate(candidate.schedule(), candidate.shape());
            }
        } while (System.nanoTime() < warmupEnd);
        List<Timed<GeneratedKernel>> direct = new ArrayList<>();
        List<Timed<String>> sources = new ArrayList<>();
        for (MatMulCandidate candidate : candidates) {
            MatMulSchedule schedule = candidate.schedule();
            MatMulShape shape = candidate.shape();
            direct.add(medianOf(() -> TunedMatMul.generate(schedule, shape)));
            sources.add(medianOf(() -> CMatMulSource.generate(schedule, shape)));
        }
        // The first clang run also pays for reading clang and wasm-ld from disk: left out, as for a tuner
        // that has been running a while.
        compile(candidates.get(0), sources.get(0).value());
        List<ClangPipeline.Compilation> compiled = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            compiled.add(compile(candidates.get(i), sources.get(i).value()));
        }
        // Each direct module next to its conventional twin, so drift in V8 or the machine hits both alike.
        List<byte[]> modules = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            modules.add(direct.get(i).value().module());
            modules.add(compiled.get(i).module());
        }
        List<Double> compileMs = v8.compileMs(modules);

        List<CompileCost> costs = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            costs.add(new CompileCost(candidates.get(i).id(), direct.get(i).ms(), compileMs.get(2 * i),
                    sources.get(i).ms(), compiled.get(i).wallMs(), compileMs.get(2 * i + 1),
                    modules.get(2 * i).length, modules.get(2 * i + 1).length));
        }
        return costs;
    }

    private ClangPipeline.Compilation compile(MatMulCandidate candidate, String source) {
        return clang.compile(candidate.id(), source, ConventionalMatMul.memory(candidate.schedule().threads()));
    }

    /** A result and the median time of producing it. */
    private record Timed<T>(T value, double ms) {
    }

    private static <T> Timed<T> medianOf(Supplier<T> work) {
        long[] nanos = new long[GENERATION_REPEATS];
        T value = null;
        for (int i = 0; i < GENERATION_REPEATS; i++) {
            long start = System.nanoTime();
            value = work.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new Timed<>(value, nanos[GENERATION_REPEATS / 2] / 1e6);
    }
}
