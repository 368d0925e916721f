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
 */
public enum ModelArchitecture {
    BERT_BASE("bert-base", 12, 768, 12, 3072, 512),
    ROBERTA_BASE("roberta-base", 12, 768, 12, 3072, 512),
    BART_BASE("bart-base", 12, 768, 12, 3072, 1024),
    T5_SMALL("t5-small", 6, 512, 8, 2048, 512),
    GPT2("gpt2", 12, 768, 12, 3072, 1024),
    LLAMA2_7B("llama2-7b", 32, 4096, 32, 11008, 4096);

    private final String wireName;
    private final int layers;
    private final int hidden;
    private final int heads;
    private final int ffn;
    private final int maxSeq;

    ModelArchitecture(String wireName, int layers, int hidden, int heads, int ffn, int maxSeq) {
        this.wireName = wireName;
        this.layers = layers;
        this.hidden = hidden;
        this.heads = heads;
        this.ffn = ffn;
        this.maxSeq = maxSeq;
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

    public static Optional<ModelArchitecture> byWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ModelArchitecture::wireName).toList();
    }
}
