package io.jitfarm.jit.wasm;

/**
 * A branch target: the block, loop or if that opened it. Branches name labels instead of relative
 * depths, and the emitter computes the depth, so generators can nest code freely.
 */
public final class Label {

    private final int nesting;

    Label(int nesting) {
        this.nesting = nesting;
    }

    int nesting() {
        return nesting;
    }
}
