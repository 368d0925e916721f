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
 * register-tile micro-kernel. The same generator makes batched MatMuls
 * ({@link io.jitfarm.jit.kernel.CallingConvention#BATCH_MATMUL_THREADED}: a batch loop around the block
 * loops, threads sharing batches x tiles) and Linear layers
 * ({@link io.jitfarm.jit.kernel.CallingConvention#LINEAR_THREADED}: an {@link io.jitfarm.jit.kernel.Epilogue}
 * of bias and ReLU or GELU fused into the register tiles' stores).
 *
 * <p>Pieces other generators share: {@link io.jitfarm.jit.kernel.KernelFunction} (a module of one
 * kernel with a calling convention), {@link io.jitfarm.jit.kernel.ThreadShare} (a thread's share of the
 * work), {@link io.jitfarm.jit.kernel.Lanes} and {@link io.jitfarm.jit.kernel.LaneMath} (arithmetic and
 * tanh, GELU, exp, SiLU written once for f32x4 and f32). The row ops ({@code io.jitfarm.jit.rowop})
 * are built from them.
 */
package io.jitfarm.jit.kernel;
