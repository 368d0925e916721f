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
    MATMUL_ABC_MKN("matmul", List.of("aPtr", "bPtr", "cPtr", "M", "K", "N")),
    /**
     * {@code matmul(aPtr, bPtr, cPtr, M, K, N, scratchPtr, threadIndex, threadCount)}: as
     * {@link #MATMUL_ABC_MKN}, but one call computes only thread {@code threadIndex}'s share of C (the
     * kernel's own split decides which), so {@code threadCount} workers calling it at once over one
     * shared memory compute all of C. Thread {@code t} may use the kernel's {@code scratchBytesPerThread}
     * bytes at {@code scratchPtr + t * scratchBytesPerThread} (e.g. to pack B), and nothing else
     * besides its share of C.
     */
    MATMUL_THREADED("matmul", List.of("aPtr", "bPtr", "cPtr", "M", "K", "N", "scratchPtr", "threadIndex", "threadCount")),
    /**
     * {@code bmm(aPtr, bPtr, cPtr, B, M, K, N, scratchPtr, threadIndex, threadCount)}: C[b] = A[b] x B[b]
     * for b in [0, B), with A [B,M,K], B [B,K,N] and C [B,M,N] row-major and each operand's batches
     * contiguous. Threads share the B x (tiles of the split axis) pieces of work in contiguous runs, so
     * with B >= threadCount every thread works even when a single matrix has fewer tiles than threads.
     * Scratch as for {@link #MATMUL_THREADED}.
     */
    BATCH_MATMUL_THREADED("bmm",
            List.of("aPtr", "bPtr", "cPtr", "B", "M", "K", "N", "scratchPtr", "threadIndex", "threadCount")),
    /**
     * {@code linear(aPtr, wPtr, biasPtr, cPtr, M, K, N, scratchPtr, threadIndex, threadCount)}:
     * C[M,N] = act(A[M,K] x W[K,N] + bias[N]), the epilogue (bias or not, activation) being part of the
     * kernel; {@code biasPtr} is not read by kernels without a bias. Threads and scratch as for
     * {@link #MATMUL_THREADED}.
     */
    LINEAR_THREADED("linear",
            List.of("aPtr", "wPtr", "biasPtr", "cPtr", "M", "K", "N", "scratchPtr", "threadIndex", "threadCount"));

    private final String entryPoint;
    private final List<String> parameters;

    CallingConvention(String entryPoint, List<String> parameters) {
        this.entryPoint = entryPoint;
        this.parameters = parameters;
    }

    /** The name generated modules export their kernel under. */
    public String entryPoint() {
        return entryPoint;
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
