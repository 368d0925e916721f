package io.jitfarm.jit.op;

import java.util.Locale;

/** Which scores a softmax kernel masks out; see {@link io.jitfarm.jit.kernel.CallingConvention#SOFTMAX_THREADED}. */
public enum SoftmaxMask {
    NONE,
    /** Query q sees keys up to q + causalOffset: decoders, with or without a KV cache. */
    CAUSAL,
    /** A mask row [width] added to every row of scores: padding. */
    ADDITIVE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
