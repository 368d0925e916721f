package io.jitfarm.jit.conventional;

import io.jitfarm.jit.kernel.CallingConvention;
import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.TunedMatMul;
import io.jitfarm.jit.wasm.MemoryImport;

/**
 * The conventional pipeline end to end, as {@link TunedMatMul#generate} is the direct one: schedule
 * to C, C to a module by clang and wasm-ld, packaged as the same kind of kernel, so whatever runs the
 * JIT's kernels runs these too.
 */
public final class ConventionalMatMul {

    private ConventionalMatMul() {
    }

    public static GeneratedKernel generate(ClangPipeline clang, MatMulSchedule schedule, MatMulShape shape) {
        MemoryImport memory = memory(schedule.threads());
        String name = schedule.id() + "-" + shape.m() + "x" + shape.k() + "x" + shape.n();
        byte[] module = clang.compile(name, CMatMulSource.generate(schedule, shape), memory).module();
        return new GeneratedKernel(schedule.id() + "-clang", module, CMatMulSource.ENTRY_POINT,
                CallingConvention.MATMUL_THREADED, memory, schedule.scratchBytesPerThread());
    }

    /** The memory the JIT's kernel imports for as many threads: unshared for one, shared up to 1 GiB for more. */
    public static MemoryImport memory(int threads) {
        MemoryImport memory = MemoryImport.env(1);
        return threads == 1 ? memory : memory.withMaxPages(TunedMatMul.SHARED_MEMORY_MAX_PAGES).asShared();
    }
}
