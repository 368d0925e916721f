package io.jitfarm.jit.op;

import io.jitfarm.jit.kernel.CallingConvention;
import io.jitfarm.jit.kernel.Epilogue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GEMM-like problem as the MatMul spaces take it ({@code MatMulSpace.candidates(profile, op, shape,
 * epilogue, threads)}): the tuner tunes each distinct problem once.
 *
 * @param shape    the op's dimensions, {@link KernelOp#dimensions()}: [M,K,N] or [B,M,K,N]
 * @param epilogue Linear's bias and activation; {@link Epilogue#NONE} for the other ops
 */
public record GemmProblem(KernelOp op, List<Integer> shape, Epilogue epilogue) implements Operation {

    public GemmProblem {
        shape = List.copyOf(shape);
        if (shape.size() != op.dimensions().size() || shape.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(op.wireName() + " takes positive " + op.dimensions() + ", got " + shape);
        }
        if (op != KernelOp.LINEAR && !epilogue.isNone()) {
            throw new IllegalArgumentException(op.wireName() + " takes no epilogue: " + epilogue);
        }
    }

    public static GemmProblem linear(int m, int k, int n, Epilogue epilogue) {
        return new GemmProblem(KernelOp.LINEAR, List.of(m, k, n), epilogue);
    }

    public static GemmProblem batchMatMul(int batches, int m, int k, int n) {
        return new GemmProblem(KernelOp.BATCH_MATMUL, List.of(batches, m, k, n), Epilogue.NONE);
    }

    /** The dimensions by name: M, K, N and, batched, B. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int i = 0; i < shape.size(); i++) {
            sizes.put(op.dimensions().get(i), shape.get(i));
        }
        return sizes;
    }

    @Override
    public CallingConvention convention() {
        return switch (op) {
            case MATMUL -> CallingConvention.MATMUL_THREADED;
            case BATCH_MATMUL -> CallingConvention.BATCH_MATMUL_THREADED;
            case LINEAR -> CallingConvention.LINEAR_THREADED;
        };
    }

    /** E.g. {@code linear[384,768,3072]-bias-gelu}. */
    @Override
    public String id() {
        return op.wireName() + shape.toString().replace(" ", "") + epilogue.idSuffix();
    }

    /** The sizes are the shape's; the argument is not read. */
    @Override
    public List<BufferUse> buffers(Map<String, Integer> sizes) {
        long[] elements = op.operandElements(shape.stream().map(Integer::longValue).toList());
        List<BufferUse> buffers = new ArrayList<>();
        buffers.add(BufferUse.read("aPtr", elements[0]));
        buffers.add(BufferUse.read(op == KernelOp.LINEAR ? "wPtr" : "bPtr", elements[1]));
        if (epilogue.bias()) {
            buffers.add(BufferUse.read("biasPtr", shape.get(shape.size() - 1)));
        }
        buffers.add(BufferUse.write("cPtr", elements[2]));
        return buffers;
    }
}
