package io.jitfarm.jit.wasm;

import java.util.List;

/** A valid function that uses every instruction the emitter offers, for checks by external tools. */
final class InstructionTour {

    private InstructionTour() {
    }

    static byte[] module() {
        ModuleBuilder module = new ModuleBuilder().importMemory(MemoryImport.env(1));
        FunctionBuilder function = module.function(new FuncType(List.of(ValType.I32), List.of(ValType.I32)));
        Local p = function.param(0);
        Local scalar = function.newLocal(ValType.F32);
        Local vector = function.newLocal(ValType.V128);
        CodeEmitter code = function.code();

        code.block(exit -> code.loop(again -> {
            code.localGet(p).i32Eqz().brIf(exit);
            code.localGet(p).i32Const(1).i32Sub().localSet(p);
            code.br(again);
        }));
        code.localGet(p).i32Const(-1).i32LtS().ifThen(() -> code.i32Const(0).returnFromFunction());
        code.localGet(p).i32Const(3).i32LtU().ifElse(
                () -> code.localGet(p).i32Const(2).i32Shl().localSet(p),
                () -> code.localGet(p).i32Const(5).i32RemU().localSet(p));
        code.localGet(p).i32Const(7).i32Mul().i32Const(1).i32Add().i32Const(0).i32GeS().i32Const(1).i32GeU().localSet(p);
        code.localGet(p).i32Const(9).i32DivU()
                .localGet(p).localGet(p).i32Const(2).i32Eq().select().localSet(p);

        code.i32Const(0).f32Load(4).f32Const(1.5f).f32Mul().f32Const(2f).f32Add()
                .localTee(scalar).f32x4Splat().localSet(vector);
        code.v128Const(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}).localSet(vector);
        code.i32Const(16)
                .localGet(vector).i32Const(0).v128Load(new MemArg(0, 32)).f32x4Mul()
                .i32Const(0).v128Load32Splat(8).f32x4Add()
                .localGet(vector).localGet(vector).f32x4RelaxedMadd()
                .v128Store(48);
        code.localGet(vector).localGet(vector).f32x4Sub().localGet(vector).f32x4Div()
                .localGet(vector).f32x4Pmin().localGet(vector).f32x4Pmax().localSet(vector);
        code.i32Const(64).localGet(vector).f32x4ExtractLane(3).f32Store(0);
        code.i32Const(0).v128Load32Zero(4).localSet(vector);
        code.i32Const(0).localGet(vector).v128Load32Lane(8, 2).localSet(vector);
        code.i32Const(0).v128Load64Zero(0).localSet(vector);
        code.i32Const(80).localGet(vector).v128Store32Lane(4, 1);
        code.i32Const(80).localGet(vector).v128Store64Lane(8, 1);
        code.localGet(p);

        module.exportFunction("tour", function);
        return module.build();
    }
}
