package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.FunctionBuilder;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.MemoryImport;
import io.jitfarm.jit.wasm.ModuleBuilder;
import io.jitfarm.jit.wasm.ValType;

/** A module of one exported kernel function with a calling convention, around an imported memory. */
public final class KernelFunction {

    private final CallingConvention convention;
    private final MemoryImport memory;
    private final ModuleBuilder module;
    private final FunctionBuilder function;

    public KernelFunction(CallingConvention convention, MemoryImport memory) {
        this.convention = convention;
        this.memory = memory;
        this.module = new ModuleBuilder().importMemory(memory);
        this.function = module.function(convention.signature());
        module.exportFunction(convention.entryPoint(), function);
    }

    public CallingConvention convention() {
        return convention;
    }

    public CodeEmitter code() {
        return function.code();
    }

    /** The parameter the convention calls {@code name}. */
    public Local param(String name) {
        int position = convention.parameters().indexOf(name);
        if (position < 0) {
            throw new IllegalArgumentException(convention + " has no parameter " + name);
        }
        return function.param(position);
    }

    public Local newLocal(ValType type) {
        return function.newLocal(type);
    }

    public GeneratedKernel finish(String variant, int scratchBytesPerThread) {
        return new GeneratedKernel(variant, module.build(), convention.entryPoint(), convention, memory, scratchBytesPerThread);
    }
}
