package io.jitfarm.jit.kernel;

/** The three loops of a MatMul: rows of C (M), columns of C (N) and the reduction (K). */
public enum Axis {
    M, N, K
}
