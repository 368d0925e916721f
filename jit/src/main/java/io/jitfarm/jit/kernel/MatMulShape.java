package io.jitfarm.jit.kernel;

/**
 * The exact problem a tuned kernel is specialized for: C[M,N] = A[M,K] x B[K,N], fp32, row-major.
 * A JIT knows the shape when it generates, so the kernel bakes it in as constants.
 */
public record MatMulShape(int m, int k, int n) {

    public MatMulShape {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("every dimension must be at least 1: " + m + "x" + k + "x" + n);
        }
    }

    /** Length of C along the axis, or of the reduction for {@link Axis#K}. */
    public int extent(Axis axis) {
        return switch (axis) {
            case M -> m;
            case N -> n;
            case K -> k;
        };
    }

    /** Multiply-adds counted as two operations, as GFLOP/s figures count them. */
    public double flops() {
        return 2.0 * m * k * n;
    }

    @Override
    public String toString() {
        return "[" + m + "," + k + "," + n + "]";
    }
}
