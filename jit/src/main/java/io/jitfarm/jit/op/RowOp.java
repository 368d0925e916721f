package io.jitfarm.jit.op;

import io.jitfarm.jit.kernel.CallingConvention;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The non-GEMM ops of transformer inference, each generated as a row-parallel kernel
 * ({@code io.jitfarm.jit.rowop}). A record holds what is baked into the kernel (eps, scale, mask mode);
 * sizes and offsets are call arguments, so one kernel serves all shapes. The calling conventions
 * document each op exactly.
 */
public sealed interface RowOp extends Operation {

    /** out = a + b, b broadcast over rows when it has fewer: {@link CallingConvention#ADD_THREADED}. */
    record Add() implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.ADD_THREADED;
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            return binaryBuffers(sizes);
        }
    }

    /** out = a * b, b broadcast like {@link Add}'s: {@link CallingConvention#MUL_THREADED}. */
    record Mul() implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.MUL_THREADED;
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            return binaryBuffers(sizes);
        }
    }

    /** {@link CallingConvention#LAYER_NORM_THREADED}. */
    record LayerNorm(float eps) implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.LAYER_NORM_THREADED;
        }

        @Override
        public String id() {
            return "layer_norm-eps" + decimal(eps);
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            long elements = (long) size(sizes, "rows") * size(sizes, "width");
            return List.of(BufferUse.read("xPtr", elements), BufferUse.read("gammaPtr", size(sizes, "width")),
                    BufferUse.read("betaPtr", size(sizes, "width")), BufferUse.write("outPtr", elements));
        }
    }

    /** {@link CallingConvention#RMS_NORM_THREADED}. */
    record RmsNorm(float eps) implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.RMS_NORM_THREADED;
        }

        @Override
        public String id() {
            return "rms_norm-eps" + decimal(eps);
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            long elements = (long) size(sizes, "rows") * size(sizes, "width");
            return List.of(BufferUse.read("xPtr", elements), BufferUse.read("gammaPtr", size(sizes, "width")),
                    BufferUse.write("outPtr", elements));
        }
    }

    /** Softmax of {@code scale * x} with a mask: {@link CallingConvention#SOFTMAX_THREADED}. */
    record Softmax(float scale, SoftmaxMask mask) implements RowOp {
        public Softmax {
            if (!(scale > 0) || Float.isInfinite(scale)) {
                throw new IllegalArgumentException("the scale must be positive and finite: " + scale);
            }
        }

        @Override
        public CallingConvention convention() {
            return CallingConvention.SOFTMAX_THREADED;
        }

        @Override
        public String id() {
            return "softmax-" + mask.id() + "-x" + decimal(scale);
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            long elements = (long) size(sizes, "rows") * size(sizes, "width");
            List<BufferUse> buffers = new ArrayList<>(List.of(BufferUse.read("xPtr", elements)));
            if (mask == SoftmaxMask.ADDITIVE) {
                buffers.add(BufferUse.read("maskPtr", size(sizes, "width")));
            }
            buffers.add(BufferUse.write("outPtr", elements));
            return buffers;
        }
    }

    /** {@link CallingConvention#GELU_THREADED}. */
    record Gelu() implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.GELU_THREADED;
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            return unaryBuffers(sizes);
        }
    }

    /** {@link CallingConvention#SILU_THREADED}. */
    record Silu() implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.SILU_THREADED;
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            return unaryBuffers(sizes);
        }
    }

    /** {@link CallingConvention#ROTARY_THREADED}; the cos and sin tables are read up to the last position used. */
    record Rotary() implements RowOp {

        /** The angle base of GPT-NeoX and Llama 2. */
        public static final double BASE = 10000;

        /**
         * The rotation angle of pair {@code i} at {@code position}: {@code position * theta_i},
         * {@code theta_i = BASE^(-2i / headDim)}; the tables hold its cos and sin at [position, i].
         */
        public static double angle(int position, int i, int headDim) {
            return position * Math.pow(BASE, -2.0 * i / headDim);
        }

        @Override
        public CallingConvention convention() {
            return CallingConvention.ROTARY_THREADED;
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            int rows = size(sizes, "rows");
            int heads = size(sizes, "heads");
            int headDim = size(sizes, "headDim");
            if (headDim % 2 != 0 || rows % heads != 0) {
                throw new IllegalArgumentException("rotary needs an even headDim and rows = tokens x heads: " + sizes);
            }
            long positions = rows / heads + (long) size(sizes, "positionOffset");
            long elements = (long) rows * headDim;
            return List.of(BufferUse.read("xPtr", elements), BufferUse.read("cosPtr", positions * headDim / 2),
                    BufferUse.read("sinPtr", positions * headDim / 2), BufferUse.write("outPtr", elements));
        }
    }

    /** {@link CallingConvention#GATHER_THREADED}. */
    record Gather() implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.GATHER_THREADED;
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            int rows = size(sizes, "rows");
            int width = size(sizes, "width");
            return List.of(BufferUse.read("tablePtr", (long) size(sizes, "tableRows") * width),
                    new BufferUse("idsPtr", BufferUse.Access.READ, BufferUse.ElementType.I32, rows),
                    BufferUse.write("outPtr", (long) rows * width));
        }
    }

    /** [A, B, D] to [B, A, D]: {@link CallingConvention#SWAP_AXES_THREADED}. */
    record SwapAxes() implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.SWAP_AXES_THREADED;
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            long elements = (long) size(sizes, "A") * size(sizes, "B") * size(sizes, "D");
            return List.of(BufferUse.read("xPtr", elements), BufferUse.write("outPtr", elements));
        }
    }

    /** [rows, cols] to [cols, rows]: {@link CallingConvention#TRANSPOSE_THREADED}. */
    record Transpose() implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.TRANSPOSE_THREADED;
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            long elements = (long) size(sizes, "rows") * size(sizes, "cols");
            return List.of(BufferUse.read("xPtr", elements), BufferUse.write("outPtr", elements));
        }
    }

    /** {@link CallingConvention#KV_APPEND_THREADED}; the cache is counted up to its last row written. */
    record KvAppend() implements RowOp {
        @Override
        public CallingConvention convention() {
            return CallingConvention.KV_APPEND_THREADED;
        }

        @Override
        public List<BufferUse> buffers(Map<String, Integer> sizes) {
            int rows = size(sizes, "rows");
            long width = size(sizes, "width");
            return List.of(BufferUse.read("xPtr", rows * width),
                    new BufferUse("cachePtr", BufferUse.Access.UPDATE, BufferUse.ElementType.F32,
                            (size(sizes, "offset") + (long) rows) * width));
        }
    }

    /** The entry point's name, with the baked-in constants of the ops that have some. */
    @Override
    default String id() {
        return convention().entryPoint();
    }

    private static List<BufferUse> binaryBuffers(Map<String, Integer> sizes) {
        long width = size(sizes, "width");
        long elements = size(sizes, "rows") * width;
        return List.of(BufferUse.read("aPtr", elements), BufferUse.read("bPtr", size(sizes, "bRows") * width),
                BufferUse.write("outPtr", elements));
    }

    private static List<BufferUse> unaryBuffers(Map<String, Integer> sizes) {
        long elements = (long) size(sizes, "rows") * size(sizes, "width");
        return List.of(BufferUse.read("xPtr", elements), BufferUse.write("outPtr", elements));
    }

    /** A size argument, which must be given and not negative. */
    private static int size(Map<String, Integer> sizes, String name) {
        Integer value = sizes.get(name);
        if (value == null || value < 0) {
            throw new IllegalArgumentException("size " + name + " missing or negative in " + sizes);
        }
        return value;
    }

    /** The shortest decimal that reads back as the float: {@code 1E-12}, {@code 0.125}. */
    private static String decimal(float value) {
        return new BigDecimal(Float.toString(value)).stripTrailingZeros().toString();
    }
}
