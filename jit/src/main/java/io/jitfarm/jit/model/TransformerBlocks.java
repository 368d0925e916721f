package io.jitfarm.jit.model;

import io.jitfarm.jit.kernel.Epilogue.Activation;
import io.jitfarm.jit.op.SoftmaxMask;

/** The pieces the transformer graphs share: attention, feed-forward blocks and norms, with their weights. */
final class TransformerBlocks {

    /** One attention block's projections; biases are null in models without them. */
    record AttentionWeights(Tensor wq, Tensor bq, Tensor wk, Tensor bk, Tensor wv, Tensor bv, Tensor wo, Tensor bo) {
    }

    /**
     * How scores become probabilities: scaled, masked ({@code maskRow} for an additive mask), and with
     * {@code bias} [heads, queries, keys] added first when not null (T5's relative position bias).
     */
    record Scores(float scale, SoftmaxMask mask, Tensor maskRow, Tensor bias) {

        static Scores padded(float scale, Tensor maskRow) {
            return new Scores(scale, SoftmaxMask.ADDITIVE, maskRow, null);
        }

        static Scores causal(float scale) {
            return new Scores(scale, SoftmaxMask.CAUSAL, null, null);
        }
    }

    /**
     * A layer's KV cache: state [capacity, hidden] each, token-major; the new tokens' rows are appended
     * at {@code past} and attention reads the first past + tokens rows.
     */
    record KvCache(Tensor keys, Tensor values, int past) {
    }

    /** Rotary tables [positions, headDim / 2]. */
    record Rope(Tensor cos, Tensor sin) {
    }

    private final GraphBuilder g;
    private final ModelConfig config;

    TransformerBlocks(GraphBuilder g, ModelConfig config) {
        this.g = g;
        this.config = config;
    }

    /** 1 / sqrt(headDim), the scale of scaled dot-product attention. */
    float attentionScale() {
        return (float) (1 / Math.sqrt(config.headDim()));
    }

    AttentionWeights attentionWeights(String prefix, boolean bias) {
        int hidden = config.hidden();
        return new AttentionWeights(
                g.weight(prefix + ".q.weight", hidden, hidden), bias ? g.weight(prefix + ".q.bias", hidden) : null,
                g.weight(prefix + ".k.weight", hidden, hidden), bias ? g.weight(prefix + ".k.bias", hidden) : null,
                g.weight(prefix + ".v.weight", hidden, hidden), bias ? g.weight(prefix + ".v.bias", hidden) : null,
                g.weight(prefix + ".o.weight", hidden, hidden), bias ? g.weight(prefix + ".o.bias", hidden) : null);
    }

    /**
     * Multi-head attention of the rows of {@code queriesFrom} [n, hidden] over those of {@code keysFrom}
     * [m, hidden] (the same tensor for self-attention). Heads are split by swap_axes, K^T made by one
     * transpose of the keys [t, hidden] to [heads, headDim, t], and the two products are batched over
     * heads. With a cache, the new keys and values are appended to it and attention reads all its rows;
     * with rope, queries and keys are rotated first (at positions from the cache's past).
     */
    Tensor attention(String prefix, AttentionWeights w, Tensor queriesFrom, Tensor keysFrom, Scores scores, Rope rope,
                     KvCache cache) {
        int n = queriesFrom.rows();
        int heads = config.heads();
        int headDim = config.headDim();
        int hidden = config.hidden();
        int past = cache == null ? 0 : cache.past();
        Tensor q = g.linear(prefix + ".q", queriesFrom, w.wq(), w.bq(), Activation.NONE);
        Tensor k = g.linear(prefix + ".k", keysFrom, w.wk(), w.bk(), Activation.NONE);
        Tensor v = g.linear(prefix + ".v", keysFrom, w.wv(), w.bv(), Activation.NONE);
        if (rope != null) {
            q = g.rotary(prefix + ".q_rotated", q, rope.cos(), rope.sin(), heads, past);
            k = g.rotary(prefix + ".k_rotated", k, rope.cos(), rope.sin(), heads, past);
        }
        Tensor keys = k;
        Tensor values = v;
        if (cache != null) {
            g.kvAppend(prefix + ".k_append", k, cache.keys(), past);
            g.kvAppend(prefix + ".v_append", v, cache.values(), past);
            keys = cache.keys();
            values = cache.values();
        }
        int t = past + keysFrom.rows();
        Tensor qHeads = g.swapAxes(prefix + ".q_heads", q, n, heads, headDim, heads, n, headDim);
        Tensor kTransposed = g.transpose(prefix + ".k_transposed", keys, t, hidden, heads, headDim, t);
        Tensor vHeads = g.swapAxes(prefix + ".v_heads", values, t, heads, headDim, heads, t, headDim);
        Tensor logits = g.batchMatMul(prefix + ".scores", qHeads, kTransposed);
        if (scores.bias() != null) {
            logits = g.add(prefix + ".scores_biased", logits, scores.bias());
        }
        Tensor probabilities = g.softmax(prefix + ".probs", logits, scores.scale(), scores.mask(), scores.maskRow(), past);
        Tensor context = g.batchMatMul(prefix + ".context", probabilities, vHeads);
        Tensor merged = g.swapAxes(prefix + ".merged", context, heads, n, headDim, n, hidden);
        return g.linear(prefix + ".out", merged, w.wo(), w.bo(), Activation.NONE);
    }

    /** Linear + GELU, Linear, with biases (BERT, BART, GPT-2). */
    Tensor geluFeedForward(String prefix, Tensor x) {
        Tensor h = g.linear(prefix + ".fc1", x, g.weight(prefix + ".fc1.weight", config.hidden(), config.ffn()),
                g.weight(prefix + ".fc1.bias", config.ffn()), Activation.GELU);
        return g.linear(prefix + ".fc2", h, g.weight(prefix + ".fc2.weight", config.ffn(), config.hidden()),
                g.weight(prefix + ".fc2.bias", config.hidden()), Activation.NONE);
    }

    /** Linear + ReLU, Linear, without biases (T5). */
    Tensor reluFeedForward(String prefix, Tensor x) {
        Tensor h = g.linear(prefix + ".wi", x, g.weight(prefix + ".wi.weight", config.hidden(), config.ffn()), null,
                Activation.RELU);
        return g.linear(prefix + ".wo", h, g.weight(prefix + ".wo.weight", config.ffn(), config.hidden()), null,
                Activation.NONE);
    }

    /** down(silu(gate(x)) * up(x)), without biases (Llama). */
    Tensor gatedSiluFeedForward(String prefix, Tensor x) {
        Tensor gate = g.linear(prefix + ".gate", x, g.weight(prefix + ".gate.weight", config.hidden(), config.ffn()),
                null, Activation.NONE);
        Tensor up = g.linear(prefix + ".up", x, g.weight(prefix + ".up.weight", config.hidden(), config.ffn()), null,
                Activation.NONE);
        Tensor gated = g.mul(prefix + ".gated", g.silu(prefix + ".gate_silu", gate), up);
        return g.linear(prefix + ".down", gated, g.weight(prefix + ".down.weight", config.ffn(), config.hidden()), null,
                Activation.NONE);
    }

    Tensor layerNorm(String name, Tensor x) {
        return g.layerNorm(name, x, g.weight(name + ".weight", config.hidden()), g.weight(name + ".bias", config.hidden()),
                config.normEps());
    }

    Tensor rmsNorm(String name, Tensor x) {
        return g.rmsNorm(name, x, g.weight(name + ".weight", config.hidden()), config.normEps());
    }
}
