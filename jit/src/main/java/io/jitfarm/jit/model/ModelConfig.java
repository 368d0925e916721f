package io.jitfarm.jit.model;

/**
 * The sizes a model graph is built with: an architecture's published ones ({@link #of}), or fewer
 * layers (Llama 2 layer by layer), or a reduced model small enough for the float64 reference.
 *
 * @param layers encoder plus decoder layers (BART: half each), or decoder layers
 */
public record ModelConfig(ModelArchitecture architecture, int layers, int hidden, int heads, int ffn, int vocab,
                          int maxSeq) {

    public ModelConfig {
        if (layers < 1 || heads < 1 || hidden % heads != 0 || ffn < 1 || vocab < 1 || maxSeq < 1) {
            throw new IllegalArgumentException("impossible sizes: " + layers + " layers, hidden " + hidden + ", "
                    + heads + " heads, ffn " + ffn + ", vocab " + vocab + ", maxSeq " + maxSeq);
        }
    }

    public static ModelConfig of(ModelArchitecture architecture) {
        return new ModelConfig(architecture, architecture.layers(), architecture.hidden(), architecture.heads(),
                architecture.ffn(), architecture.vocab(), architecture.maxSeq());
    }

    public ModelConfig withLayers(int layers) {
        return new ModelConfig(architecture, layers, hidden, heads, ffn, vocab, maxSeq);
    }

    public int headDim() {
        return hidden / heads;
    }

    public float normEps() {
        return architecture.normEps();
    }
}
