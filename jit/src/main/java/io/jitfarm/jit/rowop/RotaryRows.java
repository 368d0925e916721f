package io.jitfarm.jit.rowop;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;

/**
 * Rotary position embedding, rotate-half form: each row's first and second halves are the two
 * coordinates of headDim / 2 planar rotations, by angles the cos and sin tables hold per position.
 * Both halves are loaded before either is stored, so the output may be the input.
 */
final class RotaryRows {

    private RotaryRows() {
    }

    static void rotary(RowKernel kernel) {
        CodeEmitter code = kernel.code();
        Local heads = kernel.param("heads");
        Local half = kernel.let(e -> e.localGet(kernel.param("headDim")).i32Const(2).i32DivU());
        Local halfBytes = kernel.let(RowKernel.floatBytes(half));
        Local rowBytes = kernel.let(e -> e.localGet(halfBytes).i32Const(2).i32Mul());
        kernel.forEachRow(kernel.param("rows"), row -> {
            Local position = kernel.let(e -> e.localGet(row).localGet(heads).i32DivU()
                    .localGet(kernel.param("positionOffset")).i32Add());
            Local x = kernel.let(RowKernel.address(kernel.param("xPtr"), row, rowBytes));
            Local out = kernel.let(RowKernel.address(kernel.param("outPtr"), row, rowBytes));
            ElementLoop loop = kernel.elementLoop();
            Local first = loop.stream(x);
            Local second = loop.stream(e -> e.localGet(x).localGet(halfBytes).i32Add());
            Local cos = loop.stream(RowKernel.address(kernel.param("cosPtr"), position, halfBytes));
            Local sin = loop.stream(RowKernel.address(kernel.param("sinPtr"), position, halfBytes));
            Local firstOut = loop.stream(out);
            Local secondOut = loop.stream(e -> e.localGet(out).localGet(halfBytes).i32Add());
            loop.run(half, (lanes, offset, step) -> {
                Local a = kernel.newLocal(lanes.type());
                Local b = kernel.newLocal(lanes.type());
                Local c = kernel.newLocal(lanes.type());
                Local s = kernel.newLocal(lanes.type());
                code.push(ElementLoop.load(lanes, first, offset)).localSet(a);
                code.push(ElementLoop.load(lanes, second, offset)).localSet(b);
                code.push(ElementLoop.load(lanes, cos, offset)).localSet(c);
                code.push(ElementLoop.load(lanes, sin, offset)).localSet(s);
                // a cos - b sin
                code.localGet(firstOut).localGet(a).localGet(c);
                lanes.mul(code);
                code.localGet(b).localGet(s);
                lanes.mul(code);
                lanes.sub(code);
                lanes.store(code, offset);
                // a sin + b cos
                code.localGet(secondOut).localGet(a);
                lanes.mulAdd(code, s, e -> {
                    e.localGet(b).localGet(c);
                    lanes.mul(e);
                });
                lanes.store(code, offset);
            });
        });
    }
}
