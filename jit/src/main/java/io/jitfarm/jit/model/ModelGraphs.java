package io.jitfarm.jit.model;

import io.jitfarm.jit.op.BufferUse.ElementType;
import io.jitfarm.jit.op.SoftmaxMask;

/**
 * The graphs of the nnJIT evaluation's models, batch 1, fp32, from a {@link ModelConfig} (published
 * sizes or reduced). Inputs are named as Hugging Face names them: token ids and position ids (i32),
 * an additive attention mask row (0 for tokens, a large negative number for padding). Outputs are the
 * last hidden states; LM heads are left out. Weights are synthetic, so tied and untied embeddings
 * cost the same and RoBERTa's and BART's position tables hold the 2 rows their ids are offset by.
 */
public final class ModelGraphs {

    /** Rows RoBERTa and BART keep in front of their position table (their position ids start at 2). */
    private static final int POSITION_ID_OFFSET = 2;

    private ModelGraphs() {
    }

    /** BERT or RoBERTa: post-LN encoder layers over {@code seq} tokens. */
    public static Graph encoder(ModelConfig config, int seq) {
        GraphBuilder g = new GraphBuilder(config.architecture().wireName() + " seq " + seq);
        TransformerBlocks blocks = new TransformerBlocks(g, config);
        Tensor mask = g.input("attention_mask", ElementType.F32, seq);
        int positionRows = config.maxSeq() + (config.architecture() == ModelArchitecture.ROBERTA_BASE ? POSITION_ID_OFFSET : 0);
        Tensor x = learnedEmbeddings(g, config, "embeddings", "", g.weight("embeddings.word", config.vocab(), config.hidden()),
                positionRows, seq);
        x = g.add("embeddings.with_type", x, g.weight("embeddings.token_type", 1, config.hidden()));
        x = blocks.layerNorm("embeddings.norm", x);
        for (int layer = 0; layer < config.layers(); layer++) {
            x = postNormEncoderLayer(g, blocks, "layer" + layer, x, mask);
        }
        return g.build(x);
    }

    /**
     * BART: {@code layers / 2} post-LN encoder layers over {@code encoderSeq} tokens, then as many
     * decoder layers over a fixed prefix of {@code decoderSeq} tokens: causal self-attention (no cache:
     * the prefix is computed at once), then cross-attention to the encoder's output.
     */
    public static Graph bart(ModelConfig config, int encoderSeq, int decoderSeq) {
        GraphBuilder g = new GraphBuilder(config.architecture().wireName() + " seq " + encoderSeq + "+" + decoderSeq);
        TransformerBlocks blocks = new TransformerBlocks(g, config);
        int layers = config.layers() / 2;
        int positionRows = config.maxSeq() + POSITION_ID_OFFSET;
        Tensor tokens = g.weight("shared.embeddings", config.vocab(), config.hidden());
        Tensor mask = g.input("attention_mask", ElementType.F32, encoderSeq);
        Tensor x = blocks.layerNorm("encoder.embeddings.norm",
                learnedEmbeddings(g, config, "encoder.embeddings", "", tokens, positionRows, encoderSeq));
        for (int layer = 0; layer < layers; layer++) {
            x = postNormEncoderLayer(g, blocks, "encoder.layer" + layer, x, mask);
        }
        Tensor encoded = x;
        Tensor y = blocks.layerNorm("decoder.embeddings.norm",
                learnedEmbeddings(g, config, "decoder.embeddings", "decoder_", tokens, positionRows, decoderSeq));
        for (int layer = 0; layer < layers; layer++) {
            String prefix = "decoder.layer" + layer;
            Tensor self = blocks.attention(prefix + ".self", blocks.attentionWeights(prefix + ".self", true), y, y,
                    TransformerBlocks.Scores.causal(blocks.attentionScale()), null, null);
            y = blocks.layerNorm(prefix + ".self.norm", g.add(prefix + ".self.residual", y, self));
            Tensor cross = blocks.attention(prefix + ".cross", blocks.attentionWeights(prefix + ".cross", true), y, encoded,
                    TransformerBlocks.Scores.padded(blocks.attentionScale(), mask), null, null);
            y = blocks.layerNorm(prefix + ".cross.norm", g.add(prefix + ".cross.residual", y, cross));
            y = blocks.layerNorm(prefix + ".ffn.norm", g.add(prefix + ".ffn.residual", y, blocks.geluFeedForward(prefix + ".ffn", y)));
        }
        return g.build(y);
    }

    /**
     * The T5 encoder: pre-RMSNorm layers without biases, unscaled attention with the relative position
     * bias added to the scores. The bias [heads, seq, seq] is an input: the page computes it from the
     * buckets once per sequence length.
     */
    public static Graph t5Encoder(ModelConfig config, int seq) {
        GraphBuilder g = new GraphBuilder(config.architecture().wireName() + " encoder seq " + seq);
        TransformerBlocks blocks = new TransformerBlocks(g, config);
        Tensor ids = g.input("input_ids", ElementType.I32, seq);
        Tensor mask = g.input("attention_mask", ElementType.F32, seq);
        Tensor positionBias = g.input("position_bias", ElementType.F32, config.heads(), seq, seq);
        Tensor x = g.gather("embeddings", g.weight("shared.embeddings", config.vocab(), config.hidden()), ids);
        TransformerBlocks.Scores scores = new TransformerBlocks.Scores(1f, SoftmaxMask.ADDITIVE, mask,
                positionBias);
        for (int layer = 0; layer < config.layers(); layer++) {
            String prefix = "layer" + layer;
            Tensor h = blocks.rmsNorm(prefix + ".attention.norm", x);
            x = g.add(prefix + ".attention.residual", x,
                    blocks.attention(prefix + ".attention", blocks.attentionWeights(prefix + ".attention", false), h, h,
                            scores, null, null));
            h = blocks.rmsNorm(prefix + ".ffn.norm", x);
            x = g.add(prefix + ".ffn.residual", x, blocks.reluFeedForward(prefix + ".ffn", h));
        }
        return g.build(blocks.rmsNorm("final_norm", x));
    }

    /**
     * GPT-2: pre-LN causal layers over {@code tokens} new tokens after {@code past} cached ones: prefill
     * with {@code past = 0}, one decode step with {@code tokens = 1}. Each layer's KV cache is state
     * [maxSeq, hidden], so the plans of prefill and of every decode step lay out weights and caches
     * alike and the page keeps the caches where they are between steps.
     */
    public static Graph gpt2(ModelConfig config, int past, int tokens) {
        GraphBuilder g = new GraphBuilder(config.architecture().wireName() + " past " + past + " tokens " + tokens);
        TransformerBlocks blocks = new TransformerBlocks(g, config);
        Tensor x = learnedEmbeddings(g, config, "embeddings", "", g.weight("embeddings.word", config.vocab(), config.hidden()),
                config.maxSeq(), tokens);
        for (int layer = 0; layer < config.layers(); layer++) {
            String prefix = "layer" + layer;
            TransformerBlocks.KvCache cache = cache(g, config, prefix, past, tokens);
            Tensor h = blocks.layerNorm(prefix + ".attention.norm", x);
            x = g.add(prefix + ".attention.residual", x, blocks.attention(prefix + ".attention",
                    blocks.attentionWeights(prefix + ".attention", true), h, h,
                    TransformerBlocks.Scores.causal(blocks.attentionScale()), null, cache));
            h = blocks.layerNorm(prefix + ".ffn.norm", x);
            x = g.add(prefix + ".ffn.residual", x, blocks.geluFeedForward(prefix + ".ffn", h));
        }
        return g.build(blocks.layerNorm("final_norm", x));
    }

    /**
     * Llama 2 decoder layers ({@code config.layers()} of them, the caller's choice): pre-RMSNorm,
     * rotary queries and keys, causal attention over a KV cache, SiLU-gated MLP, no biases; tokens and
     * past as for {@link #gpt2}.
     */
    public static Graph llama(ModelConfig config, int past, int tokens) {
        GraphBuilder g = new GraphBuilder(config.architecture().wireName() + " " + config.layers() + " layers past "
                + past + " tokens " + tokens);
        TransformerBlocks blocks = new TransformerBlocks(g, config);
        Tensor ids = g.input("input_ids", ElementType.I32, tokens);
        Tensor x = g.gather("embeddings", g.weight("embeddings.word", config.vocab(), config.hidden()), ids);
        TransformerBlocks.Rope rope = new TransformerBlocks.Rope(
                g.rotaryTable("rotary.cos", Tensor.Init.ROTARY_COS, config.maxSeq(), config.headDim()),
                g.rotaryTable("rotary.sin", Tensor.Init.ROTARY_SIN, config.maxSeq(), config.headDim()));
        for (int layer = 0; layer < config.layers(); layer++) {
            String prefix = "layer" + layer;
            TransformerBlocks.KvCache cache = cache(g, config, prefix, past, tokens);
            Tensor h = blocks.rmsNorm(prefix + ".attention.norm", x);
            x = g.add(prefix + ".attention.residual", x, blocks.attention(prefix + ".attention",
                    blocks.attentionWeights(prefix + ".attention", false), h, h,
                    TransformerBlocks.Scores.causal(blocks.attentionScale()), rope, cache));
            h = blocks.rmsNorm(prefix + ".ffn.norm", x);
            x = g.add(prefix + ".ffn.residual", x, blocks.gatedSiluFeedForward(prefix + ".ffn", h));
        }
        return g.build(blocks.rmsNorm("final_norm", x));
    }

    /** The graph an experiment's {@code {model, seq}} workload runs: encoders over seq tokens, decoders' prefill of seq tokens. */
    public static Graph forWorkload(ModelConfig config, int seq) {
        return forWorkload(config, seq, false);
    }

    /**
     * The graph a workload runs: the whole sequence, or with {@code decode} (decoder-only models) one
     * new token against a KV cache already holding {@code seq} tokens.
     */
    public static Graph forWorkload(ModelConfig config, int seq, boolean decode) {
        if (decode && !config.architecture().decoderOnly()) {
            throw new IllegalArgumentException("decode needs a decoder-only model, not " + config.architecture());
        }
        return switch (config.architecture()) {
            case BERT_BASE, ROBERTA_BASE -> encoder(config, seq);
            case BART_BASE -> bart(config, seq, seq);
            case T5_SMALL -> t5Encoder(config, seq);
            case GPT2 -> decode ? gpt2(config, seq, 1) : gpt2(config, 0, seq);
            case LLAMA2_7B -> decode ? llama(config, seq, 1) : llama(config, 0, seq);
        };
    }

    private static Tensor postNormEncoderLayer(GraphBuilder g, TransformerBlocks blocks, String prefix, Tensor x, Tensor mask) {
        Tensor attention = blocks.attention(prefix + ".attention", blocks.attentionWeights(prefix + ".attention", true), x, x,
                TransformerBlocks.Scores.padded(blocks.attentionScale(), mask), null, null);
        x = blocks.layerNorm(prefix + ".attention.norm", g.add(prefix + ".attention.residual", x, attention));
        return blocks.layerNorm(prefix + ".ffn.norm", g.add(prefix + ".ffn.residual", x, blocks.geluFeedForward(prefix + ".ffn", x)));
    }

    /**
     * Token plus learned position embeddings of {@code tokens} tokens, with inputs {@code <inputs>input_ids}
     * and {@code <inputs>position_ids}.
     */
    private static Tensor learnedEmbeddings(GraphBuilder g, ModelConfig config, String prefix, String inputs,
                                            Tensor tokenTable, int positionRows, int tokens) {
        Tensor ids = g.input(inputs + "input_ids", ElementType.I32, tokens);
        Tensor positionIds = g.input(inputs + "position_ids", ElementType.I32, tokens);
        Tensor words = g.gather(prefix + ".words", tokenTable, ids);
        Tensor positions = g.gather(prefix + ".positions", g.weight(prefix + ".position", positionRows, config.hidden()),
                positionIds);
        return g.add(prefix + ".sum", words, positions);
    }

    private static TransformerBlocks.KvCache cache(GraphBuilder g, ModelConfig config, String prefix, int past, int tokens) {
        if (past + tokens > config.maxSeq()) {
            throw new IllegalArgumentException(past + " + " + tokens + " tokens exceed the cache of " + config.maxSeq());
        }
        return new TransformerBlocks.KvCache(g.state(prefix + ".key_cache", config.maxSeq(), config.hidden()),
                g.state(prefix + ".value_cache", config.maxSeq(), config.hidden()), past);
    }
}
