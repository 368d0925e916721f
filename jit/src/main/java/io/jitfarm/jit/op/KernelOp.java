package io.jitfarm.jit.op;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The GEMM-like kernels the compiler generates, with the meaning of their shapes. All are fp32,
 * row-major: {@code C[M,N] = A[M,K] x B[K,N]} (per batch for {@link #BATCH_MATMUL}).
 */
public enum KernelOp {
    MATMUL("matmul", "M", "K", "N"),
    /** Same as MatMul over B independent batches. */
    BATCH_MATMUL("batch_matmul", "B", "M", "K", "N"),
    /** A MatMul against a weight matrix, with an optional bias and activation epilogue. */
    LINEAR("linear", "M", "K", "N");

    private final String wireName;
    private final List<String> dimensions;

    KernelOp(String wireName, String... dimensions) {
        this.wireName = wireName;
        this.dimensions = List.of(dimensions);
    }

    /** The name used in experiment files and results. */
    public String wireName() {
        return wireName;
    }

    /** Names of the shape's dimensions, in the order a shape lists them. */
    public List<String> dimensions() {
        return dimensions;
    }

    public static Optional<KernelOp> byWireName(String name) {
        return Arrays.stream(values()).filter(op -> op.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(KernelOp::wireName).toList();
    }

    /** Element counts of A, B and C for a shape of this op (long: shapes may be absurd). */
    public long[] operandElements(List<Long> shape) {
        checkArity(shape);
        long batch = this == BATCH_MATMUL ? shape.get(0) : 1;
        int at = this == BATCH_MATMUL ? 1 : 0;
        long m = shape.get(at);
        long k = shape.get(at + 1);
        long n = shape.get(at + 2);
        return new long[] {
            safe(batch, m, k),
            safe(batch, k, n),
            safe(batch, m, n),
        };
    }

    /** Floating-point operations of one run: 2 per multiply-add. */
    public double flops(List<Long> shape) {
        checkArity(shape);
        return 2.0 * shape.stream().mapToDouble(Long::doubleValue).reduce(1, (a, b) -> a * b);
    }

    private void checkArity(List<Long> shape) {
        if (shape.size() != dimensions.size()) {
            throw new IllegalArgumentException(wireName + " takes " + dimensions.size() + " dimensions "
                    + dimensions + ", got " + shape.size());
        }
    }

    private static long safe(long a, long b, long c) {
        try {
            return Math.multiplyExact(Math.multiplyExact(a, b), c);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }
}
