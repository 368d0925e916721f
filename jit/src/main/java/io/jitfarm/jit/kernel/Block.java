package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.Local;

/** A range [start, end) computed in a kernel: of one axis that a cache block covers, or of a thread's rows. */
public record Block(Local start, Local end) {
}
