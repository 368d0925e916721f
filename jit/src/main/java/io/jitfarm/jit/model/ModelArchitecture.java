package io.jitfarm.jit.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The transformer models of the nnJIT evaluation, at their published sizes. Weights are synthetic
 * (from a seed), so only the architecture is needed.
 *
 * @param layers    encoder layers plus decoder layers
 * @param maxSeq    longest sequence the model's position scheme supports
 * @param vocab     rows of the token embedding
 * @param normEps   the eps of its LayerNorms or RMSNorms
 */
public enum ModelArchitecture {
    BERT_BASE("bert-base", 12, 768, 12, 3072, 512, 30522, 1e-12f),
    ROBERTA_BASE("roberta-base", 12, 768, 12, 3072, 512, 50265, 1e-5f),
    BART_BASE("bart-base", 12, 768, 12, 3072, 1024, 50265, 1e-5f),
    T5_SMALL("t5-small", 6, 512, 8, 2048, 512, 32128, 1e-6f),
    GPT2("gpt2", 12, 768, 12, 3072, 1024, 50257, 1e-5f),
    LLAMA2_7B("llama2-7b", 32, 4096, 32, 11008, 4096, 32000, 1e-5f);

    private final String wireName;
    private final int layers;
    private final int hidden;
    private final int heads;
    private final int ffn;
    private final int maxSeq;
    private final int vocab;
    private final float normEps;

    ModelArchitecture(String wireName, int layers, int hidden, int heads, int ffn, int maxSeq, int vocab, float normEps) {
        this.wireName = wireName;
        this.layers = layers;
        this.hidden = hidden;
        this.heads = heads;
        this.ffn = ffn;
        this.maxSeq = maxSeq;
        this.vocab = vocab;
        this.normEps = normEps;
    }

    public String wireName() {
        return wireName;
    }

    public int layers() {
        return layers;
    }

    public int hidden() {
        return hidden;
    }

    public int heads() {
        return heads;
    }

    public int ffn() {
        return ffn;
    }

    public int maxSeq() {
        return maxSeq;
    }

    public int vocab() {
        return vocab;
    }

    public float normEps() {
        return normEps;
    }

    /** GPT-2 and Llama 2: a decode step (one token against a KV cache) is a workload of its own. */
    public boolean decoderOnly() {
        return this == GPT2 || this == LLAMA2_7B;
    }

    public static Optional<ModelArchitecture> byWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ModelArchitecture::wireName).toList();
    }
}
