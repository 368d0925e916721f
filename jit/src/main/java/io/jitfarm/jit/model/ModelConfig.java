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

    /**
     * The same architecture small enough for the float64 reference: 2 layers (BART: 2 encoder and 2
     * decoder layers), hidden 64 in 4 heads, a 4x FFN, vocabulary 100, up to 16 positions.
     */
    public static ModelConfig reduced(ModelArchitecture architecture) {
        int layers = architecture == ModelArchitecture.BART_BASE ? 4 : 2;
        return new ModelConfig(architecture, layers, 64, 4, 256, 100, 16);
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
