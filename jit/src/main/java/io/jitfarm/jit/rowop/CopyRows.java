package io.jitfarm.jit.rowop;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Operand;
import java.util.function.Function;

/**
 * Ops that copy whole rows, differing only in where row r comes from and goes to: an embedding
 * gather, attention's head split and merge, and a KV-cache append.
 */
final class CopyRows {

    private CopyRows() {
    }

    /** out[r] = table[ids[r]], trapping on an id outside the table. */
    static void gather(RowKernel kernel) {
        Local rowBytes = kernel.let(RowKernel.floatBytes(kernel.param("width")));
        copy(kernel, kernel.param("rows"), kernel.param("width"), row -> {
            Local id = kernel.let(e -> e.localGet(kernel.param("idsPtr")).localGet(row).i32Const(Integer.BYTES).i32Mul()
                    .i32Add().i32Load(0));
            // Unsigned, so a negative id is out of range too.
            kernel.code().localGet(id).localGet(kernel.param("tableRows")).i32GeU().ifThen(kernel.code()::unreachable);
            return RowKernel.address(kernel.param("tablePtr"), id, rowBytes);
        }, row -> RowKernel.address(kernel.param("outPtr"), row, rowBytes));
    }

    /** out[b, a] = x[a, b] for rows of D floats: output row r is (b, a) = (r / A, r % A). */
    static void swapAxes(RowKernel kernel) {
        Local outer = kernel.param("A");
        Local inner = kernel.param("B");
        Local rowBytes = kernel.let(RowKernel.floatBytes(kernel.param("D")));
        Local rows = kernel.let(e -> e.localGet(outer).localGet(inner).i32Mul());
        copy(kernel, rows, kernel.param("D"), row -> RowKernel.address(kernel.param("xPtr"),
                        e -> e.localGet(row).localGet(outer).i32RemU().localGet(inner).i32Mul()
                                .localGet(row).localGet(outer).i32DivU().i32Add(), rowBytes),
                row -> RowKernel.address(kernel.param("outPtr"), row, rowBytes));
    }

    /** cache[offset + r] = x[r]. */
    static void kvAppend(RowKernel kernel) {
        Local rowBytes = kernel.let(RowKernel.floatBytes(kernel.param("width")));
        copy(kernel, kernel.param("rows"), kernel.param("width"),
                row -> RowKernel.address(kernel.param("xPtr"), row, rowBytes),
                row -> RowKernel.address(kernel.param("cachePtr"),
                        e -> e.localGet(kernel.param("offset")).localGet(row).i32Add(), rowBytes));
    }

    /**
     * Copies {@code width} floats from {@code source.apply(row)} to {@code destination.apply(row)} for
     * each of the thread's rows; the functions may emit code (run once per row, before the copy).
     */
    private static void copy(RowKernel kernel, Local rows, Local width, Function<Local, Operand> source,
                             Function<Local, Operand> destination) {
        CodeEmitter code = kernel.code();
        kernel.forEachRow(rows, row -> {
            ElementLoop loop = kernel.elementLoop();
            Local from = loop.stream(source.apply(row));
            Local to = loop.stream(destination.apply(row));
            loop.run(width, (lanes, offset, step) -> {
                code.localGet(to).push(ElementLoop.load(lanes, from, offset));
                lanes.store(code, offset);
            });
        });
    }
}
