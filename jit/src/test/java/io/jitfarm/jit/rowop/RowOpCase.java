package io.jitfarm.jit.rowop;

import io.jitfarm.jit.op.BufferUse;
import io.jitfarm.jit.op.Float64Reference;
import io.jitfarm.jit.op.RowOp;
import io.jitfarm.jit.op.SoftmaxMask;
import io.jitfarm.jit.tools.MemoryImage;
import io.jitfarm.jit.tools.NodeKernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One row op on one set of sizes, with seeded inputs in a memory image and the float64 reference of
 * its outputs: what an execution test needs to call any of the op's kernels and judge it.
 *
 * @param inputScale inputs are uniform in [-inputScale, inputScale)
 */
record RowOpCase(RowOp op, Map<String, Integer> sizes, double inputScale) {

    static final List<Integer> ROWS = List.of(1, 3, 33);
    static final List<Integer> WIDTHS = List.of(1, 5, 17, 64, 65, 768);
    private static final int GATHER_TABLE_ROWS = 7;
    private static final int KV_OFFSET = 2;
    private static final int ROTARY_OFFSET = 5;
    private static final double MASKED = -1e9;

    /** Every size combination the tests run an op on: rows 1, 3, 33 by widths 1 to 768, and the op's variants. */
    static Stream<RowOpCase> of(RowOp op) {
        return ROWS.stream().flatMap(rows -> WIDTHS.stream().flatMap(width -> sizeVariants(op, rows, width)
                .map(sizes -> new RowOpCase(op, sizes, op instanceof RowOp.Gelu || op instanceof RowOp.Silu ? 8 : 1))));
    }

    private static Stream<Map<String, Integer>> sizeVariants(RowOp op, int rows, int width) {
        int heads = rows % 3 == 0 ? 3 : 1;
        if (op instanceof RowOp.Add || op instanceof RowOp.Mul) {
            return Stream.of(rows, 1).distinct().map(bRows -> sizes("rows", rows, "width", width, "bRows", bRows));
        } else if (op instanceof RowOp.Softmax softmax && softmax.mask() == SoftmaxMask.CAUSAL) {
            int queries = rows / heads;
            return Stream.of(sizes("rows", rows, "width", width, "queries", queries, "causalOffset", Math.max(0, width - queries)),
                    sizes("rows", rows, "width", width, "queries", 1, "causalOffset", width / 2)).distinct();
        } else if (op instanceof RowOp.Softmax) {
            return Stream.of(sizes("rows", rows, "width", width, "queries", 1, "causalOffset", 0));
        } else if (op instanceof RowOp.Rotary) {
            return Stream.of(sizes("rows", rows, "headDim", 2 * ((width + 1) / 2), "heads", heads, "positionOffset", ROTARY_OFFSET));
        } else if (op instanceof RowOp.Gather) {
            return Stream.of(sizes("rows", rows, "width", width, "tableRows", GATHER_TABLE_ROWS));
        } else if (op instanceof RowOp.SwapAxes) {
            return Stream.of(sizes("A", rows, "B", 3, "D", width));
        } else if (op instanceof RowOp.Transpose) {
            return Stream.of(sizes("rows", rows, "cols", width));
        } else if (op instanceof RowOp.KvAppend) {
            return Stream.of(sizes("rows", rows, "width", width, "offset", KV_OFFSET));
        }
        return Stream.of(sizes("rows", rows, "width", width));
    }

    private static Map<String, Integer> sizes(Object... namesAndValues) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sizes.put((String) namesAndValues[i], (Integer) namesAndValues[i + 1]);
        }
        return sizes;
    }

    /** Whether the op only moves floats, so its output must be exact. */
    boolean copies() {
        return op instanceof RowOp.Gather || op instanceof RowOp.SwapAxes || op instanceof RowOp.Transpose
                || op instanceof RowOp.KvAppend;
    }

    /** Rows the calling threads share, as the convention counts them. */
    int sharedRows() {
        if (op instanceof RowOp.SwapAxes) {
            return sizes.get("A") * sizes.get("B");
        }
        return op instanceof RowOp.Transpose ? sizes.get("cols") : sizes.get("rows");
    }

    @Override
    public String toString() {
        return op.id() + " " + sizes;
    }

    /** The case laid out in memory: its image, where each buffer is, and the reference outputs. */
    record Prepared(byte[] image, Map<String, Integer> pointers, List<NodeKernels.Check> checks) {

        /** The calls of {@code threads} threads in turn, or of thread {@code onlyThread} alone when it is not negative. */
        List<NodeKernels.Call> calls(RowOpCase c, int kernel, int threads, int onlyThread) {
            IntStream indices = onlyThread >= 0 ? IntStream.of(onlyThread) : IntStream.range(0, threads);
            return indices.mapToObj(thread -> {
                Map<String, Integer> arguments = new LinkedHashMap<>(pointers);
                arguments.putAll(c.sizes());
                arguments.put("threadIndex", thread);
                arguments.put("threadCount", threads);
                return new NodeKernels.Call(kernel, c.op().convention().arguments(arguments));
            }).toList();
        }
    }

    Prepared prepare(long seed) {
        Random random = new Random(seed);
        MemoryImage image = new MemoryImage();
        Map<String, Integer> pointers = new LinkedHashMap<>();
        Map<String, double[]> inputs = new LinkedHashMap<>();
        for (BufferUse use : op.buffers(sizes)) {
            int offset = image.allocate(use.elements());
            pointers.put(use.pointer(), offset);
            if (use.access() == BufferUse.Access.WRITE) {
                image.fillNaN(offset, use.elements());
                continue;
            }
            double[] values = input(use, random);
            inputs.put(use.pointer(), values);
            if (use.type() == BufferUse.ElementType.I32) {
                image.putInts(offset, values);
            } else {
                image.putFloats(offset, values);
            }
        }
        List<NodeKernels.Check> checks = new ArrayList<>();
        Float64Reference.apply(op, sizes, inputs).forEach((pointer, output) -> checks.add(
                new NodeKernels.Check(pointer, pointers.get(pointer), output.values(), output.magnitudes())));
        return new Prepared(image.toByteArray(), pointers, checks);
    }

    /** Seeded inputs, rounded to fp32 as the kernel sees them; ids, masks and rotary tables as the op needs them. */
    private double[] input(BufferUse use, Random random) {
        double[] values = new double[Math.toIntExact(use.elements())];
        String pointer = use.pointer();
        for (int i = 0; i < values.length; i++) {
            if (use.type() == BufferUse.ElementType.I32) {
                values[i] = random.nextInt(GATHER_TABLE_ROWS);
            } else if (pointer.equals("maskPtr")) {
                values[i] = i % 5 == 4 ? MASKED : -2 * random.nextDouble();
            } else if (pointer.equals("cosPtr") || pointer.equals("sinPtr")) {
                int half = sizes.get("headDim") / 2;
                double angle = RowOp.Rotary.angle(i / half, i % half, 2 * half);
                values[i] = pointer.equals("cosPtr") ? Math.cos(angle) : Math.sin(angle);
            } else {
                values[i] = inputScale * (2 * random.nextDouble() - 1);
            }
            values[i] = (float) values[i];
        }
        return values;
    }
}
