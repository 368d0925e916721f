package io.jitfarm.jit.model;

import io.jitfarm.jit.kernel.Epilogue.Activation;
import io.jitfarm.jit.op.BufferUse.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random DAGs for property tests: a few inputs, then nodes that read earlier tensors (mostly
 * recent ones, sometimes old ones, so lifetimes range from one step to the whole graph) through
 * Linear, add (of tensors as wide, their rows repeating), GELU, LayerNorm and transpose, whose outputs differ in
 * size. Some outputs are never read; one or two tensors are the graph's outputs.
 */
final class RandomGraphs {

    private RandomGraphs() {
    }

    static Graph generate(long seed) {
        Random random = new Random(seed);
        GraphBuilder g = new GraphBuilder("random " + seed);
        List<Tensor> available = new ArrayList<>();
        int inputs = 1 + random.nextInt(3);
        for (int i = 0; i < inputs; i++) {
            available.add(g.input("input" + i, ElementType.F32, 1 + random.nextInt(8), 1 + random.nextInt(64)));
        }
        int nodes = 5 + random.nextInt(60);
        for (int n = 0; n < nodes; n++) {
            Tensor x = pick(available, random);
            String name = "node" + n;
            int columns = 1 + random.nextInt(96);
            Tensor out = switch (random.nextInt(5)) {
                case 0 -> g.linear(name, x, g.weight(name + ".w", x.width(), columns),
                        random.nextBoolean() ? null : g.weight(name + ".b", columns), Activation.NONE);
                case 1 -> g.add(name, x, partner(g, name, available, x, random));
                case 2 -> g.gelu(name, x);
                case 3 -> g.layerNorm(name, x, g.weight(name + ".gamma", x.width()), g.weight(name + ".beta", x.width()), 1e-5f);
                default -> g.transpose(name, x, x.rows(), x.width(), x.width(), x.rows());
            };
            available.add(out);
        }
        Tensor last = available.get(available.size() - 1);
        Tensor other = available.get(inputs + random.nextInt(available.size() - inputs));
        return other == last ? g.build(last) : g.build(last, other);
    }

    /** Mostly one of the last few tensors, sometimes any. */
    private static Tensor pick(List<Tensor> available, Random random) {
        int recent = Math.min(available.size(), 4);
        return random.nextInt(4) == 0 ? available.get(random.nextInt(available.size()))
                : available.get(available.size() - 1 - random.nextInt(recent));
    }

    /** A second operand for an add: an earlier tensor as wide as x (its rows repeat over x's), else a bias row. */
    private static Tensor partner(GraphBuilder g, String name, List<Tensor> available, Tensor x, Random random) {
        List<Tensor> asWide = available.stream().filter(t -> t != x && t.width() == x.width()).toList();
        return asWide.isEmpty() ? g.weight(name + ".row", 1, x.width()) : asWide.get(random.nextInt(asWide.size()));
    }
}
