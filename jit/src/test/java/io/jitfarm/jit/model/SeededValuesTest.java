package io.jitfarm.jit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The generator must draw what the page's prng.js draws: harness-page/web/test/model-values.test.mjs
 * pins the same numbers on the page's side.
 */
class SeededValuesTest {

    @Test
    void mulberry32DrawsThePagesStream() {
        SeededValues.Mulberry32 random = new SeededValues.Mulberry32(42);
        assertThat(Integer.toUnsignedLong(random.next())).isEqualTo(2581720956L);
        assertThat(Integer.toUnsignedLong(random.next())).isEqualTo(1925393290L);
    }

    @Test
    void aMatrixIsScaledByItsFanIn() {
        ModelConfig bert = new ModelConfig(ModelArchitecture.BERT_BASE, 1, 64, 4, 256, 100, 16);
        Graph graph = ModelGraphs.encoder(bert, 7);
        Tensor q = graph.tensors().stream().filter(t -> t.name().equals("layer0.attention.q.weight")).findFirst().orElseThrow();
        double[] values = SeededValues.of(graph, 42).get(q);
        assertThat(Arrays.stream(values).map(Math::abs).max().orElseThrow()).isLessThanOrEqualTo(1 / 8.0).isPositive();
    }
}
