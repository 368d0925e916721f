/**
 * The conventional pipeline the nnJIT paper compares its tensor-web co-design against, to measure
 * what the direct emission of Wasm saves per candidate: a JIT schedule written out as C
 * ({@link io.jitfarm.jit.conventional.CMatMulSource}, the same computation and loop structure as
 * {@link io.jitfarm.jit.kernel.TunedMatMul}), compiled and linked to Wasm by clang and wasm-ld
 * ({@link io.jitfarm.jit.conventional.ClangPipeline}). {@link io.jitfarm.jit.conventional.CompileCostBenchmark}
 * times both pipelines per candidate, V8's compilation of each module included
 * ({@link io.jitfarm.jit.conventional.NodeCompileTimer}).
 */
package io.jitfarm.jit.conventional;
