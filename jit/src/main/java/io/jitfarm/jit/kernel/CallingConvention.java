package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.FuncType;
import io.jitfarm.jit.wasm.ValType;
import java.util.Collections;
import java.util.List;

/** How the page calls a kernel's entry point. */
public enum CallingConvention {
    /**
     * {@code matmul(aPtr, bPtr, cPtr, M, K, N)}, all i32: the pointers are byte offsets of row-major
     * fp32 A[M,K], B[K,N] and C[M,N] in the imported memory. C is overwritten, not accumulated into,
     * and any M, K, N >= 1 is accepted without padding.
     */
    MATMUL_ABC_MKN(List.of("aPtr", "bPtr", "cPtr", "M", "K", "N")),
    /**
     * {@code matmul(aPtr, bPtr, cPtr, M, K, N, scratchPtr, threadIndex, threadCount)}: as
     * {@link #MATMUL_ABC_MKN}, but one call computes only thread {@code threadIndex}'s share of C (the
     * kernel's own split decides which), so {@code threadCount} workers calling it at once over one
     * shared memory compute all of C. Thread {@code t} may use the kernel's {@code scratchBytesPerThread}
     * bytes at {@code scratchPtr + t * scratchBytesPerThread} (e.g. to pack B), and nothing else
     * besides its share of C.
     */
    MATMUL_THREADED(List.of("aPtr", "bPtr", "cPtr", "M", "K", "N", "scratchPtr", "threadIndex", "threadCount"));

    private final List<String> parameters;

    CallingConvention(List<String> parameters) {
        this.parameters = parameters;
    }

    /** Parameter names in call order. */
    public List<String> parameters() {
        return parameters;
    }

    /** Every parameter is an i32 and nothing is returned: results go to memory. */
    public FuncType signature() {
        return FuncType.procedure(Collections.nCopies(parameters.size(), ValType.I32));
    }
}
