package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.Local;

/**
 * The K block a micro-kernel reduces over, as the block loop computed it.
 *
 * @param start          first k of the block
 * @param bytes          the block's depth in bytes of an A row (4 per k)
 * @param mayContinue    whether a block may start at k > 0, so that C already holds partial sums
 *                       to add to; false when one block spans all of K
 * @param end            one past the last k of the block
 * @param depth          K, so that {@code end == depth} marks the last block (where an epilogue runs)
 */
record ReductionBlock(Local start, Local bytes, boolean mayContinue, Local end, int depth) {
}
