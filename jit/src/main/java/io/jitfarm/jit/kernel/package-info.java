/**
 * Kernel generators built on the binary writer, each producing a
 * {@link io.jitfarm.jit.kernel.GeneratedKernel}.
 *
 * <p>Two runtime-shape kernels with the {@link io.jitfarm.jit.kernel.CallingConvention#MATMUL_ABC_MKN}
 * convention serve as baselines: {@link io.jitfarm.jit.kernel.ScalarMatMul} and
 * {@link io.jitfarm.jit.kernel.HandwrittenSimdMatMul}.
 *
 * <p>The JIT's own generator, {@link io.jitfarm.jit.kernel.TunedMatMul}, turns a
 * {@link io.jitfarm.jit.kernel.MatMulSchedule} and an exact {@link io.jitfarm.jit.kernel.MatMulShape}
 * into a kernel with the {@link io.jitfarm.jit.kernel.CallingConvention#MATMUL_THREADED} convention,
 * built from package-private pieces: the thread's share, cache-block loops, B packing and the
 * register-tile micro-kernel.
 */
package io.jitfarm.jit.kernel;
