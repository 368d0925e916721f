package io.jitfarm.jit.wasm;

/**
 * Counted loops, the backbone of every generated kernel. Comparisons are unsigned because counters
 * are often byte addresses, which pass 2^31 in memories over 2 GiB; dimensions and indices are
 * never negative, so unsigned is right for them too.
 */
public final class Loops {

    private Loops() {
    }

    /** {@code for (counter = start; counter < limit; counter += step) body}. */
    public static void forRange(CodeEmitter code, Local counter, Operand start, Operand limit, int step, Runnable body) {
        code.push(start).localSet(counter);
        whileBelow(code, counter, limit, step, body);
    }

    /**
     * Like {@link #forRange} but continues from the counter's current value, so a remainder loop can
     * pick up where a tiled loop stopped.
     */
    public static void whileBelow(CodeEmitter code, Local counter, Operand limit, int step, Runnable body) {
        // Rotated loop: one test up front for the zero-trip case, then one conditional branch per
        // iteration at the bottom instead of a test at the top plus an unconditional jump back.
        code.block(exit -> {
            code.localGet(counter).push(limit).i32GeU().brIf(exit);
            code.loop(next -> {
                body.run();
                code.addTo(counter, Operand.i32(step));
                code.localGet(counter).push(limit).i32LtU().brIf(next);
            });
        });
    }
}
