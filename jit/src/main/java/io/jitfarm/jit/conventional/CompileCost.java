package io.jitfarm.jit.conventional;

/**
 * What one candidate cost to make runnable through each pipeline, in milliseconds.
 *
 * @param id                  the schedule's id
 * @param directCodegenMs     the JIT writing the module's bytes ({@code TunedMatMul.generate})
 * @param directCompileMs     V8 compiling the JIT's module
 * @param cEmissionMs         writing the C source of the same schedule ({@link CMatMulSource})
 * @param clangMs             the clang process: compile, optimize and link with wasm-ld
 * @param clangCompileMs      V8 compiling clang's module
 * @param directBytes         size of the JIT's module
 * @param clangBytes          size of clang's module
 */
public record CompileCost(String id, double directCodegenMs, double directCompileMs, double cEmissionMs,
                          double clangMs, double clangCompileMs, int directBytes, int clangBytes) {

    public double directMs() {
        return directCodegenMs + directCompileMs;
    }

    public double conventionalMs() {
        return cEmissionMs + clangMs + clangCompileMs;
    }

    /** How many times longer the conventional pipeline took. */
    public double ratio() {
        return conventionalMs() / directMs();
    }
}
