package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.MemoryImport;

/**
 * A kernel ready to ship to a page: the module, what to call and how, and the memory to supply.
 *
 * @param variant     short name of the generator and its parameters, as results report it
 * @param module      the WebAssembly binary
 * @param entryPoint  the exported function to call
 * @param convention  the meaning of the entry point's parameters
 * @param memory      the memory the module imports; the page must supply one at least this large
 * @param scratchBytesPerThread bytes of scratch each thread may use (see
 *                    {@link CallingConvention#MATMUL_THREADED}); 0 when the kernel needs none
 */
public record GeneratedKernel(String variant, byte[] module, String entryPoint, CallingConvention convention,
        MemoryImport memory, int scratchBytesPerThread) {

    public GeneratedKernel {
        module = module.clone();
        if (scratchBytesPerThread < 0) {
            throw new IllegalArgumentException("negative scratch: " + scratchBytesPerThread);
        }
    }

    /** A copy: the kernel stays immutable whoever holds the bytes. */
    @Override
    public byte[] module() {
        return module.clone();
    }

    @Override
    public String toString() {
        return "GeneratedKernel[" + variant + ", " + module.length + " bytes, " + entryPoint + convention.parameters() + "]";
    }
}
