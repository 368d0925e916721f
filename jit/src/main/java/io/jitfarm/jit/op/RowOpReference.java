package io.jitfarm.jit.op;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Float64 row ops, as the calling conventions define them. Magnitudes: the sum of the terms' absolute
 * values for sums and products; for norms, what the normalized value's rounding error scales with
 * ({@code |gamma| (|x| + |mean|) / deviation + |beta|}); for softmax and the activations, the value
 * (softmax, whose errors are relative to each probability) or |x|; 1 for copies, which must be exact.
 */
final class RowOpReference {

    private RowOpReference() {
    }

    static Map<String, Float64Reference.Output> apply(RowOp op, Map<String, Integer> sizes, Map<String, double[]> inputs) {
        Buffers in = new Buffers(op, sizes, inputs);
        if (op instanceof RowOp.Add || op instanceof RowOp.Mul) {
            return Map.of("outPtr", binary(op instanceof RowOp.Add, in));
        } else if (op instanceof RowOp.LayerNorm norm) {
            return Map.of("outPtr", norm(in, norm.eps(), true));
        } else if (op instanceof RowOp.RmsNorm norm) {
            return Map.of("outPtr", norm(in, norm.eps(), false));
        } else if (op instanceof RowOp.Softmax softmax) {
            return Map.of("outPtr", softmax(in, softmax));
        } else if (op instanceof RowOp.Gelu) {
            return Map.of("outPtr", elementwise(in, RowOpReference::gelu));
        } else if (op instanceof RowOp.Silu) {
            return Map.of("outPtr", elementwise(in, x -> x / (1 + Math.exp(-x))));
        } else if (op instanceof RowOp.Rotary) {
            return Map.of("outPtr", rotary(in));
        } else if (op instanceof RowOp.Gather) {
            return Map.of("outPtr", gather(in));
        } else if (op instanceof RowOp.SwapAxes) {
            return Map.of("outPtr", swapAxes(in));
        } else if (op instanceof RowOp.Transpose) {
            return Map.of("outPtr", transpose(in));
        } else if (op instanceof RowOp.KvAppend) {
            return Map.of("cachePtr", kvAppend(in));
        }
        throw new IllegalArgumentException("no reference for " + op);
    }

    /** GELU, tanh form, as BERT and GPT-2 define it. */
    static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /** A call's input buffers and sizes. */
    private record Buffers(List<BufferUse> uses, Map<String, Integer> sizes, Map<String, double[]> inputs) {

        Buffers(RowOp op, Map<String, Integer> sizes, Map<String, double[]> inputs) {
            this(op.buffers(sizes), sizes, inputs);
        }

        double[] get(String pointer) {
            return Float64Reference.input(inputs, uses, pointer);
        }

        int size(String name) {
            return sizes.get(name);
        }

        /** Elements of the output the call writes. */
        int outputElements() {
            return Math.toIntExact(uses.stream().filter(use -> use.access().writes()).findFirst().orElseThrow().elements());
        }
    }

    private static Float64Reference.Output binary(boolean add, Buffers in) {
        double[] a = in.get("aPtr");
        double[] b = in.get("bPtr");
        int width = in.size("width");
        int bElements = in.size("bRows") * width;
        Float64Reference.Output out = output(in.outputElements());
        for (int i = 0; i < out.values().length; i++) {
            double other = b[(i / width * width) % bElements + i % width];
            out.values()[i] = add ? a[i] + other : a[i] * other;
            out.magnitudes()[i] = add ? Math.abs(a[i]) + Math.abs(other) : Math.abs(a[i] * other);
        }
        return out;
    }

    private static Float64Reference.Output norm(Buffers in, float eps, boolean centered) {
        double[] x = in.get("xPtr");
        double[] gamma = in.get("gammaPtr");
        double[] beta = centered ? in.get("betaPtr") : null;
        int width = in.size("width");
        Float64Reference.Output out = output(in.outputElements());
        for (int row = 0; row < in.size("rows"); row++) {
            int start = row * width;
            double mean = 0;
            if (centered) {
                for (int c = 0; c < width; c++) {
                    mean += x[start + c] / width;
                }
            }
            double meanSquare = 0;
            for (int c = 0; c < width; c++) {
                meanSquare += (x[start + c] - mean) * (x[start + c] - mean) / width;
            }
            double deviation = Math.sqrt(meanSquare + eps);
            for (int c = 0; c < width; c++) {
                double normalized = (x[start + c] - mean) / deviation;
                double shift = centered ? beta[c] : 0;
                out.values()[start + c] = normalized * gamma[c] + shift;
                out.magnitudes()[start + c] = Math.abs(gamma[c]) * (Math.abs(x[start + c]) + Math.abs(mean)) / deviation
                        + Math.abs(shift);
            }
        }
        return out;
    }

    private static Float64Reference.Output softmax(Buffers in, RowOp.Softmax op) {
        double[] x = in.get("xPtr");
        double[] mask = op.mask() == SoftmaxMask.ADDITIVE ? in.get("maskPtr") : null;
        int width = in.size("width");
        Float64Reference.Output out = output(in.outputElements());
        for (int row = 0; row < in.size("rows"); row++) {
            int visible = op.mask() == SoftmaxMask.CAUSAL
                    ? Math.min(width, row % in.size("queries") + in.size("causalOffset") + 1) : width;
            double[] scores = new double[visible];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < visible; c++) {
                scores[c] = op.scale() * x[row * width + c] + (mask == null ? 0 : mask[c]);
                max = Math.max(max, scores[c]);
            }
            double sum = 0;
            for (int c = 0; c < visible; c++) {
                scores[c] = Math.exp(scores[c] - max);
                sum += scores[c];
            }
            for (int c = 0; c < width; c++) {
                double p = c < visible ? scores[c] / sum : 0;
                out.values()[row * width + c] = p;
                out.magnitudes()[row * width + c] = p;
            }
        }
        return out;
    }

    private static Float64Reference.Output elementwise(Buffers in, DoubleUnaryOperator function) {
        double[] x = in.get("xPtr");
        Float64Reference.Output out = output(in.outputElements());
        for (int i = 0; i < out.values().length; i++) {
            out.values()[i] = function.applyAsDouble(x[i]);
            out.magnitudes()[i] = Math.abs(x[i]);
        }
        return out;
    }

    private static Float64Reference.Output rotary(Buffers in) {
        double[] x = in.get("xPtr");
        double[] cos = in.get("cosPtr");
        double[] sin = in.get("sinPtr");
        int headDim = in.size("headDim");
        int half = headDim / 2;
        Float64Reference.Output out = output(in.outputElements());
        for (int row = 0; row < in.size("rows"); row++) {
            int position = row / in.size("heads") + in.size("positionOffset");
            for (int i = 0; i < half; i++) {
                double a = x[row * headDim + i];
                double b = x[row * headDim + half + i];
                double c = cos[position * half + i];
                double s = sin[position * half + i];
                out.values()[row * headDim + i] = a * c - b * s;
                out.values()[row * headDim + half + i] = b * c + a * s;
                out.magnitudes()[row * headDim + i] = Math.abs(a * c) + Math.abs(b * s);
                out.magnitudes()[row * headDim + half + i] = Math.abs(b * c) + Math.abs(a * s);
            }
        }
        return out;
    }

    private static Float64Reference.Output gather(Buffers in) {
        double[] table = in.get("tablePtr");
        double[] ids = in.get("idsPtr");
        int width = in.size("width");
        Float64Reference.Output out = copies(in.outputElements());
        for (int row = 0; row < in.size("rows"); row++) {
            int id = (int) ids[row];
            if (id < 0 || id >= in.size("tableRows")) {
                throw new IllegalArgumentException("id " + id + " of row " + row + " is outside the table");
            }
            System.arraycopy(table, id * width, out.values(), row * width, width);
        }
        return out;
    }

    private static Float64Reference.Output swapAxes(Buffers in) {
        double[] x = in.get("xPtr");
        int outer = in.size("A");
        int inner = in.size("B");
        int width = in.size("D");
        Float64Reference.Output out = copies(in.outputElements());
        for (int a = 0; a < outer; a++) {
            for (int b = 0; b < inner; b++) {
                System.arraycopy(x, (a * inner + b) * width, out.values(), (b * outer + a) * width, width);
            }
        }
        return out;
    }

    private static Float64Reference.Output transpose(Buffers in) {
        double[] x = in.get("xPtr");
        int rows = in.size("rows");
        int cols = in.size("cols");
        Float64Reference.Output out = copies(in.outputElements());
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out.values()[c * rows + r] = x[r * cols + c];
            }
        }
        return out;
    }

    private static Float64Reference.Output kvAppend(Buffers in) {
        double[] x = in.get("xPtr");
        double[] cache = in.get("cachePtr");
        int width = in.size("width");
        Float64Reference.Output out = copies(cache.length);
        System.arraycopy(cache, 0, out.values(), 0, cache.length);
        System.arraycopy(x, 0, out.values(), in.size("offset") * width, in.size("rows") * width);
        return out;
    }

    private static Float64Reference.Output output(int elements) {
        return new Float64Reference.Output(new double[elements], new double[elements]);
    }

    private static Float64Reference.Output copies(int elements) {
        Float64Reference.Output out = output(elements);
        Arrays.fill(out.magnitudes(), 1);
        return out;
    }
}
