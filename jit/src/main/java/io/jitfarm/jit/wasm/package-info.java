/**
 * A WebAssembly binary writer for kernel generators: {@link io.jitfarm.jit.wasm.ModuleBuilder}
 * assembles a module around an imported memory, {@link io.jitfarm.jit.wasm.CodeEmitter} writes
 * function bodies instruction by instruction (core, SIMD128 and relaxed SIMD), and
 * {@link io.jitfarm.jit.wasm.Loops} gives generators counted loops. It writes what it is told: type
 * checking of the instruction stream is left to the engine and to wasm-validate in the tests.
 */
package io.jitfarm.jit.wasm;
