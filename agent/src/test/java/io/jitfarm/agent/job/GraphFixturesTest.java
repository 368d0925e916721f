package io.jitfarm.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.model.Graph;
import io.jitfarm.jit.model.ModelArchitecture;
import io.jitfarm.jit.model.ModelConfig;
import io.jitfarm.jit.model.ModelGraphs;
import io.jitfarm.jit.model.ReferenceExecutor;
import io.jitfarm.jit.model.SeededValues;
import io.jitfarm.jit.model.Tensor;
import io.jitfarm.jit.op.BufferUse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fixtures the page's model baselines are tested on in Node (harness-page/web/test/fixtures): for
 * reduced models (2 layers, hidden 64, 4 heads, 7 tokens), the graph as {@link GraphJson} sends it,
 * every weight, input and state tensor's contents, and the output {@link ReferenceExecutor} computes
 * from them in float64. The contents travel with the graph so the Node tests do not depend on how the
 * page fills weights. The test fails when a fixture differs from what the current graph builders and
 * reference produce; run it with {@code -Djitfarm.writeFixtures=true} to rewrite them.
 *
 * <p>Format: {@code {"graph": ..., "values": {"<tensor id>": "<base64 of little-endian f32 or i32>"},
 * "reference": [float64 of the graph's output]}}.
 */
class GraphFixturesTest {

    private static final Path DIR = Path.of("..", "harness-page", "web", "test", "fixtures");
    private static final long SEED = 11;

    record Fixture(String file, Graph graph) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Fixture> fixtures() {
        return Stream.of(
                new Fixture("bert.json", ModelGraphs.encoder(reduced(ModelArchitecture.BERT_BASE), 7)),
                new Fixture("t5-encoder.json", ModelGraphs.t5Encoder(reduced(ModelArchitecture.T5_SMALL), 7)),
                new Fixture("gpt2-prefill.json", ModelGraphs.gpt2(reduced(ModelArchitecture.GPT2), 0, 7)),
                new Fixture("llama-prefill.json", ModelGraphs.llama(reduced(ModelArchitecture.LLAMA2_7B), 0, 7)),
                // One encoder and one decoder layer: causal self-attention, cross-attention over 7 tokens.
                new Fixture("bart.json", ModelGraphs.bart(reduced(ModelArchitecture.BART_BASE), 7, 5)),
                // Decode steps on caches holding 6 tokens; one layer each, as the ops are those of prefill.
                new Fixture("gpt2-decode.json", ModelGraphs.gpt2(reduced(ModelArchitecture.GPT2).withLayers(1), 6, 1)),
                new Fixture("llama-decode.json", ModelGraphs.llama(reduced(ModelArchitecture.LLAMA2_7B).withLayers(1), 6, 1)));
    }

    /** 2 layers, hidden 64, 4 heads; small enough to keep a fixture under 500 kB: ffn 2 x hidden, 32 tokens, 16 positions. */
    private static ModelConfig reduced(ModelArchitecture architecture) {
        return new ModelConfig(architecture, 2, 64, 4, 128, 32, 16);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theFixtureIsWhatTheGraphAndReferenceGive(Fixture fixture) throws IOException {
        JsonObject expected = json(fixture.graph());
        Path file = DIR.resolve(fixture.file());
        if (Boolean.getBoolean("jitfarm.writeFixtures")) {
            Files.createDirectories(DIR);
            Files.writeString(file, ((JsonObject) sortedKeys(expected)).encodePrettily() + "\n", StandardCharsets.UTF_8);
        }
        // Compared as JSON, and written with sorted keys: GraphJson's sizes come from an immutable map,
        // whose order changes between runs.
        assertThat(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).equals(expected))
                .as("%s is stale: rerun with -Djitfarm.writeFixtures=true", file).isTrue();
    }

    /** The contents are the seeded ones the page's run-model fills (jit's {@link SeededValues}), rounded to fp32. */
    private static JsonObject json(Graph graph) {
        Map<Tensor, double[]> initial = SeededValues.of(graph, SEED);
        JsonObject values = new JsonObject();
        graph.tensors().stream().filter(initial::containsKey)
                .forEach(tensor -> values.put(Integer.toString(tensor.id()), base64(tensor, initial.get(tensor))));
        double[] reference = ReferenceExecutor.run(graph, initial).get(graph.outputs().get(0));
        return new JsonObject().put("graph", GraphJson.of(graph)).put("values", values)
                .put("reference", new JsonArray(Arrays.stream(reference).boxed().toList()));
    }

    private static Object sortedKeys(Object json) {
        if (json instanceof JsonObject object) {
            JsonObject sorted = new JsonObject();
            object.fieldNames().stream().sorted().forEach(name -> sorted.put(name, sortedKeys(object.getValue(name))));
            return sorted;
        } else if (json instanceof JsonArray array) {
            return new JsonArray(array.stream().map(GraphFixturesTest::sortedKeys).toList());
        }
        return json;
    }

    private static String base64(Tensor tensor, double[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            if (tensor.type() == BufferUse.ElementType.I32) {
                bytes.putInt((int) value);
            } else {
                bytes.putFloat((float) value);
            }
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
