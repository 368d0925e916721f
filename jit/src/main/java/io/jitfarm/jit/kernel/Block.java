package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.Local;

/** The range [start, end) of one axis that the current cache block covers, as its loop computed it. */
record Block(Local start, Local end) {
}
