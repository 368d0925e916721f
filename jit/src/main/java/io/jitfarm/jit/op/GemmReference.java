package io.jitfarm.jit.op;

import io.jitfarm.jit.kernel.Epilogue;
import java.util.List;
import java.util.Map;

/** Float64 GEMMs: per batch C = A x B, then Linear's bias and activation. */
final class GemmReference {

    private GemmReference() {
    }

    static Map<String, Float64Reference.Output> apply(GemmProblem problem, Map<String, double[]> inputs) {
        List<BufferUse> uses = problem.buffers(Map.of());
        boolean linear = problem.op() == KernelOp.LINEAR;
        double[] a = Float64Reference.input(inputs, uses, "aPtr");
        double[] b = Float64Reference.input(inputs, uses, linear ? "wPtr" : "bPtr");
        double[] bias = problem.epilogue().bias() ? Float64Reference.input(inputs, uses, "biasPtr") : null;
        Map<String, Integer> sizes = problem.sizes();
        int batches = sizes.getOrDefault("B", 1);
        int m = sizes.get("M");
        int k = sizes.get("K");
        int n = sizes.get("N");
        double[] c = new double[batches * m * n];
        double[] magnitudes = new double[c.length];
        for (int batch = 0; batch < batches; batch++) {
            for (int i = 0; i < m; i++) {
                for (int kk = 0; kk < k; kk++) {
                    double aik = a[(batch * m + i) * k + kk];
                    for (int j = 0; j < n; j++) {
                        double product = aik * b[(batch * k + kk) * n + j];
                        c[(batch * m + i) * n + j] += product;
                        magnitudes[(batch * m + i) * n + j] += Math.abs(product);
                    }
                }
            }
        }
        for (int index = 0; index < c.length; index++) {
            double biased = c[index] + (bias == null ? 0 : bias[index % n]);
            magnitudes[index] += bias == null ? 0 : Math.abs(bias[index % n]);
            c[index] = activate(problem.epilogue().activation(), biased);
        }
        return Map.of("cPtr", new Float64Reference.Output(c, magnitudes));
    }

    private static double activate(Epilogue.Activation activation, double x) {
        return switch (activation) {
            case NONE -> x;
            case RELU -> Math.max(x, 0);
            case GELU -> RowOpReference.gelu(x);
        };
    }
}
