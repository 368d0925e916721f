/**
 * Kernel generators built on the binary writer. Each produces a {@link io.jitfarm.jit.kernel.GeneratedKernel}
 * with the {@link io.jitfarm.jit.kernel.CallingConvention#MATMUL_ABC_MKN} convention; the shared
 * parts (function skeleton, scalar edge code, SIMD register tiles) are package-private building
 * blocks that tuned generators will parameterize.
 */
package io.jitfarm.jit.kernel;
