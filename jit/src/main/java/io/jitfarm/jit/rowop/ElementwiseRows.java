package io.jitfarm.jit.rowop;

import io.jitfarm.jit.kernel.LaneMath;
import io.jitfarm.jit.kernel.Lanes;
import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import java.util.function.BiConsumer;

/** Element-wise ops: add and mul with a row-broadcast second operand, GELU and SiLU. */
final class ElementwiseRows {

    private ElementwiseRows() {
    }

    /** out[r] = a[r] (op) b[r % bRows], {@code combine} popping two values of its lanes and pushing one. */
    static void binary(RowKernel kernel, BiConsumer<Lanes, CodeEmitter> combine) {
        CodeEmitter code = kernel.code();
        Local width = kernel.param("width");
        Local bRows = kernel.param("bRows");
        Local rowBytes = kernel.let(RowKernel.floatBytes(width));
        kernel.forEachRow(kernel.param("rows"), row -> {
            ElementLoop loop = kernel.elementLoop();
            Local a = loop.stream(RowKernel.address(kernel.param("aPtr"), row, rowBytes));
            Local b = loop.stream(RowKernel.address(kernel.param("bPtr"), e -> e.localGet(row).localGet(bRows).i32RemU(),
                    rowBytes));
            Local out = loop.stream(RowKernel.address(kernel.param("outPtr"), row, rowBytes));
            loop.run(width, (lanes, offset, step) -> {
                code.localGet(out);
                code.localGet(a);
                lanes.load(code, offset);
                code.localGet(b);
                lanes.load(code, offset);
                combine.accept(lanes, code);
                lanes.store(code, offset);
            });
        });
    }

    /** out = function(x), {@code function} working in place on a local of its lanes. */
    static void unary(RowKernel kernel, BiConsumer<LaneMath, Local> function) {
        CodeEmitter code = kernel.code();
        Local width = kernel.param("width");
        Local rowBytes = kernel.let(RowKernel.floatBytes(width));
        kernel.forEachRow(kernel.param("rows"), row -> {
            ElementLoop loop = kernel.elementLoop();
            Local x = loop.stream(RowKernel.address(kernel.param("xPtr"), row, rowBytes));
            Local out = loop.stream(RowKernel.address(kernel.param("outPtr"), row, rowBytes));
            loop.run(width, (lanes, offset, step) -> {
                Local value = kernel.newLocal(lanes.type());
                code.localGet(x);
                lanes.load(code, offset);
                code.localSet(value);
                function.accept(kernel.math(lanes), value);
                code.localGet(out).localGet(value);
                lanes.store(code, offset);
            });
        });
    }
}
