/**
 * The generator of the non-GEMM ops of transformer inference ({@link io.jitfarm.jit.op.RowOp}: add,
 * mul, LayerNorm, RMSNorm, softmax with masks, GELU, SiLU, rotary embedding, embedding gather, head
 * split/merge, transpose, KV-cache append) as WebAssembly kernels.
 *
 * <p>Every op is one family of code: threads share rows ({@link io.jitfarm.jit.kernel.ThreadShare}),
 * and a row's body is made of element loops ({@code ElementLoop}: f32x4 unrolled, single vectors, f32
 * remainder), reductions with one accumulator per unrolled step ({@code RowReduction}) and per-row
 * scalars ({@code RowScalar}), all written once against {@link io.jitfarm.jit.kernel.Lanes}; the
 * transcendental functions come from {@link io.jitfarm.jit.kernel.LaneMath}. The schedule space
 * ({@link io.jitfarm.jit.rowop.RowOpSpace}) is f32x4 or f32 times unroll 1, 2 or 4. Sizes are call
 * arguments, so one kernel per op and schedule serves a whole model and every decode step.
 */
package io.jitfarm.jit.rowop;
