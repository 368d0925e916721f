/**
 * Model graphs and their execution plans.
 *
 * <p>A {@link io.jitfarm.jit.model.Graph} is kernel calls ({@link io.jitfarm.jit.model.Node}: an
 * {@link io.jitfarm.jit.op.Operation}, its sizes, a tensor per pointer) in execution order over
 * {@link io.jitfarm.jit.model.Tensor}s that are weights, inputs, activations or state (KV caches).
 * {@link io.jitfarm.jit.model.GraphBuilder} adds ops one by one; {@link io.jitfarm.jit.model.ModelGraphs}
 * builds BERT, RoBERTa, BART, the T5 encoder, GPT-2 (prefill and decode) and Llama 2 layers from a
 * {@link io.jitfarm.jit.model.ModelConfig}. Every GEMM is a {@link io.jitfarm.jit.op.GemmProblem}
 * (Linear with its epilogue, or a batched MatMul over heads), and {@link io.jitfarm.jit.model.Graph#gemmProblems()}
 * lists the distinct ones for the tuner.
 *
 * <p>Attention needs K^T per head. It is made by one transpose kernel from the keys as the projection
 * (or the KV cache) holds them, [tokens, heads x headDim], to [heads, headDim, tokens], rather than by
 * a MatMul variant reading B transposed: that would need a transposing B packer and a new op the page,
 * the tuner and the baselines would all have to learn, for a copy that costs O(tokens x hidden) next
 * to attention's O(tokens^2 x hidden).
 *
 * <p>{@link io.jitfarm.jit.model.MemoryPlanner} turns a graph into an {@link io.jitfarm.jit.model.ExecutionPlan}:
 * weights and state in their own regions, inputs and activations in an arena planned greedily by size
 * over live intervals, and each call's pointers resolved ({@link io.jitfarm.jit.model.KernelCall}).
 */
package io.jitfarm.jit.model;
