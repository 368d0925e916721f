package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.FuncType;
import io.jitfarm.jit.wasm.ValType;
import java.util.Collections;
import java.util.List;
import java.util.Map;

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
            List.of("aPtr", "wPtr", "biasPtr", "cPtr", "M", "K", "N", "scratchPtr", "threadIndex", "threadCount")),

    // The row ops below (io.jitfarm.jit.rowop) read their sizes at run time, so one kernel serves every
    // shape and every decode step. Their data is fp32 row-major unless said otherwise; thread t of T
    // handles rows [R t / T, R (t + 1) / T) of the R rows named, so workers calling at once over a
    // shared memory cover every row once, and a thread whose share is empty returns at once. The
    // element-wise ops may write in place (out = x, or out = a for add and mul, never b); otherwise
    // outputs must not overlap inputs. No row op uses scratch.

    /**
     * {@code add(aPtr, bPtr, outPtr, rows, width, bRows, threadIndex, threadCount)}: out[r, c] =
     * a[r, c] + b[r % bRows, c] for a, out [rows, width] and b [bRows, width]: a residual add with
     * {@code bRows = rows}, a bias (row vector) add with {@code bRows = 1}. Threads share the rows.
     */
    ADD_THREADED("add", List.of("aPtr", "bPtr", "outPtr", "rows", "width", "bRows", "threadIndex", "threadCount")),
    /** {@code mul(...)}: as {@link #ADD_THREADED} with a product: the gate of a SiLU-gated MLP. */
    MUL_THREADED("mul", List.of("aPtr", "bPtr", "outPtr", "rows", "width", "bRows", "threadIndex", "threadCount")),
    /**
     * {@code layer_norm(xPtr, gammaPtr, betaPtr, outPtr, rows, width, threadIndex, threadCount)}: each row
     * of x [rows, width] normalized to mean 0 and variance 1 (biased variance, eps inside the square
     * root), times gamma[width] plus beta[width]; eps is part of the kernel.
     */
    LAYER_NORM_THREADED("layer_norm",
            List.of("xPtr", "gammaPtr", "betaPtr", "outPtr", "rows", "width", "threadIndex", "threadCount")),
    /**
     * {@code rms_norm(xPtr, gammaPtr, outPtr, rows, width, threadIndex, threadCount)}: each row divided by
     * sqrt(mean(x^2) + eps), times gamma[width] (T5, Llama).
     */
    RMS_NORM_THREADED("rms_norm", List.of("xPtr", "gammaPtr", "outPtr", "rows", "width", "threadIndex", "threadCount")),
    /**
     * {@code softmax(xPtr, maskPtr, outPtr, rows, width, queries, causalOffset, threadIndex, threadCount)}:
     * per row of x [rows, width], softmax over the row of {@code scale * x} plus the kernel's mask, scale
     * and mask mode being part of the kernel. Rows are attention scores [heads * queries, width]: row r
     * is query {@code r % queries}. Causal: query q sees columns c <= q + causalOffset (the keys already
     * in a KV cache), the others come out exactly 0. Additive: mask[width] (e.g. 0 or -1e9 for padding)
     * is added to every row after scaling. {@code maskPtr} is read only by additive kernels,
     * {@code queries} and {@code causalOffset} only by causal ones.
     */
    SOFTMAX_THREADED("softmax", List.of("xPtr", "maskPtr", "outPtr", "rows", "width", "queries", "causalOffset",
            "threadIndex", "threadCount")),
    /** {@code gelu(xPtr, outPtr, rows, width, threadIndex, threadCount)}: GELU (tanh form) element-wise. */
    GELU_THREADED("gelu", List.of("xPtr", "outPtr", "rows", "width", "threadIndex", "threadCount")),
    /** {@code silu(xPtr, outPtr, rows, width, threadIndex, threadCount)}: x sigmoid(x) element-wise. */
    SILU_THREADED("silu", List.of("xPtr", "outPtr", "rows", "width", "threadIndex", "threadCount")),
    /**
     * {@code rotary(xPtr, cosPtr, sinPtr, outPtr, rows, headDim, heads, positionOffset, threadIndex,
     * threadCount)}: rotary position embedding, rotate-half form (GPT-NeoX, Llama), on x, out
     * [rows, headDim] where rows = tokens x heads (a projection's [tokens, heads * headDim] output).
     * Row r is at position p = r / heads + positionOffset; with h = headDim / 2 (headDim even),
     * out[i] = x[i] cos[p, i] - x[i + h] sin[p, i] and out[i + h] = x[i + h] cos[p, i] + x[i] sin[p, i]
     * for i < h, cos and sin being tables [positions, h] the page fills once (cos(p theta_i) with
     * theta_i = base^(-2i / headDim)).
     */
    ROTARY_THREADED("rotary", List.of("xPtr", "cosPtr", "sinPtr", "outPtr", "rows", "headDim", "heads",
            "positionOffset", "threadIndex", "threadCount")),
    /**
     * {@code gather(tablePtr, idsPtr, outPtr, rows, width, tableRows, threadIndex, threadCount)}: out[r] =
     * table[ids[r]], an embedding lookup: ids are i32 [rows], table [tableRows, width]. An id outside
     * [0, tableRows) traps.
     */
    GATHER_THREADED("gather", List.of("tablePtr", "idsPtr", "outPtr", "rows", "width", "tableRows",
            "threadIndex", "threadCount")),
    /**
     * {@code swap_axes(xPtr, outPtr, A, B, D, threadIndex, threadCount)}: out[b, a, :] = x[a, b, :] for x
     * [A, B, D]: attention's head split ([S, H, D] to [H, S, D]) and merge (back). Threads share the
     * B x A output rows.
     */
    SWAP_AXES_THREADED("swap_axes", List.of("xPtr", "outPtr", "A", "B", "D", "threadIndex", "threadCount")),
    /**
     * {@code transpose(xPtr, outPtr, rows, cols, threadIndex, threadCount)}: out[c, r] = x[r, c] for x
     * [rows, cols]: K^T for attention, [S, H x D] to [H x D, S], which is [H, D, S] per head. Threads
     * share the cols output rows.
     */
    TRANSPOSE_THREADED("transpose", List.of("xPtr", "outPtr", "rows", "cols", "threadIndex", "threadCount")),
    /**
     * {@code kv_append(xPtr, cachePtr, rows, width, offset, threadIndex, threadCount)}: cache[offset + r] =
     * x[r] for x [rows, width]; the cache's other rows are left as they are. With a cache [capacity,
     * heads * headDim] (token-major), the first offset + rows rows are the keys or values so far.
     */
    KV_APPEND_THREADED("kv_append", List.of("xPtr", "cachePtr", "rows", "width", "offset", "threadIndex", "threadCount"));

    private static final List<String> THREAD_PARAMETERS = List.of("scratchPtr", "threadIndex", "threadCount");

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

    /** The parameters that are byte offsets of operands in memory (all but scratch end in "Ptr"). */
    public List<String> pointerParameters() {
        return parameters.stream().filter(name -> name.endsWith("Ptr") && !THREAD_PARAMETERS.contains(name)).toList();
    }

    /** The parameters that are sizes, offsets or counts of the problem: neither pointers nor thread parameters. */
    public List<String> sizeParameters() {
        return parameters.stream().filter(name -> !name.endsWith("Ptr") && !THREAD_PARAMETERS.contains(name)).toList();
    }

    /**
     * The arguments of a call in parameter order, from values by parameter name; a pointer the call
     * does not use (a softmax's mask without an additive mask) may be left out and is passed as 0.
     */
    public int[] arguments(Map<String, Integer> byName) {
        int[] arguments = new int[parameters.size()];
        for (int i = 0; i < arguments.length; i++) {
            String name = parameters.get(i);
            Integer value = byName.get(name);
            if (value == null && !pointerParameters().contains(name)) {
                throw new IllegalArgumentException(this + " call without " + name + ": " + byName);
            }
            arguments[i] = value == null ? 0 : value;
        }
        return arguments;
    }

    /** Every parameter is an i32 and nothing is returned: results go to memory. */
    public FuncType signature() {
        return FuncType.procedure(Collections.nCopies(parameters.size(), ValType.I32));
    }
}
