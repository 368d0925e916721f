package io.jitfarm.jit.kernel;

import java.util.Locale;

/**
 * What a Linear kernel does to each element of {@code A x W} before storing it: add the bias of its
 * column, then apply an activation. It is fused into the store of each register tile, on the
 * accumulators still in registers, so C is written once and never read back for it.
 *
 * @param bias       whether {@code bias[N]} is added
 * @param activation applied after the bias
 */
public record Epilogue(boolean bias, Activation activation) {

    /** A plain MatMul: the sums are stored as they are. */
    public static final Epilogue NONE = new Epilogue(false, Activation.NONE);

    public Epilogue {
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null (use Activation.NONE)");
        }
    }

    /** The element-wise function after the bias. */
    public enum Activation {
        NONE,
        /** max(x, 0). */
        RELU,
        /**
         * GELU in the tanh form BERT and GPT-2 use: 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3))). The
         * kernel's tanh is a rational approximation (see {@link EpilogueEmitter}); the generated GELU
         * is within about 3e-7 |x| of the float64 formula.
         */
        GELU;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code none}, {@code relu} or {@code gelu}. */
        public static Activation named(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public boolean isNone() {
        return !bias && activation == Activation.NONE;
    }

    /** The suffix of a candidate's id: {@code ""}, {@code -bias}, {@code -relu}, {@code -bias-gelu}... */
    public String idSuffix() {
        return (bias ? "-bias" : "") + (activation == Activation.NONE ? "" : "-" + activation.id());
    }

    /** E.g. {@code + bias, then GELU (tanh form)}; empty for {@link #NONE}. */
    public String description() {
        if (isNone()) {
            return "";
        }
        String act = switch (activation) {
            case NONE -> "";
            case RELU -> "ReLU";
            case GELU -> "GELU (tanh form, rational tanh)";
        };
        return bias && !act.isEmpty() ? "+ bias, then " + act + ", fused into the tile stores"
                : (bias ? "+ bias" : act) + ", fused into the tile stores";
    }
}
