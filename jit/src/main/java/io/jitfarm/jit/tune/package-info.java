/**
 * The optimization spaces of the JIT and the cost model that orders them: for a device profile, an
 * exact MatMul shape and a thread count, {@link io.jitfarm.jit.tune.MatMulSpace} lists
 * {@link io.jitfarm.jit.tune.MatMulCandidate}s best predicted first, each generating its kernel on
 * demand. The lite space is the nnJIT release's pruning made to hold for every shape
 * ({@link io.jitfarm.jit.tune.LiteRules}); the full space is unpruned, to measure what pruning buys.
 */
package io.jitfarm.jit.tune;
