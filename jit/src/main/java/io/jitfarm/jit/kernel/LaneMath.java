package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;

/**
 * The transcendental functions kernels need and WebAssembly lacks, in plain arithmetic on {@link Lanes}
 * (so the same code serves f32x4 loops and their scalar remainders). Each works in place on a local.
 *
 * <p><b>tanh</b>: the [13/6] odd rational minimax approximation Eigen uses for float
 * ({@code generic_fast_tanh_float}): u is clamped to +-7.9053111 (where tanh rounds to +-1 in fp32),
 * then {@code tanh(u) = u P(u^2) / Q(u^2)} with P of degree 6 and Q of degree 3 in u^2, by Horner with
 * one division. Checked in fp32 against Math.tanh on [-12, 12] (steps of 1e-4) and on
 * 1e-8 <= |u| <= 1e-2: at most 3.3e-7 relative error.
 *
 * <p><b>GELU</b> (tanh form): {@code 0.5x + 0.5x tanh(u)}, {@code u = x(c0 + c1 x^2)},
 * {@code c0 = sqrt(2/pi)}, {@code c1 = 0.044715 c0}; within 2.1e-7 |x| of the float64 formula. Cost
 * per value: 2 clamps, 1 division and 16 multiplies or adds (11 with FMA).
 *
 * <p><b>exp</b>: Cephes' {@code expf}. x is clamped to [-87.3365, 88] (about ln FLT_MIN and below
 * ln FLT_MAX, so 2^n below stays a normal float), {@code n = nearest(x log2 e)}, {@code r = x - n ln 2}
 * in two steps (Cody-Waite: ln 2 split in a high part exact in few bits and a low part), then
 * {@code e^r = 1 + r + r^2 P(r)} with P of degree 5, and {@code 2^n} built from its exponent bits.
 * Cephes gives its peak error on [-87.3, 88] as 2.2e-7 relative; inputs below the range give about
 * 1.2e-38 instead of a smaller number or 0, inputs above it e^88.
 *
 * <p><b>SiLU</b>: {@code x / (1 + exp(-x))}: exp's error plus one addition and one division; measured
 * over [-80, 80] at most 1.1e-7 relative to the exact value (RowOpExecutionTest). Below -88 it gives
 * {@code x / (1 + e^88)} instead of the even smaller exact value.
 */
public final class LaneMath {

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float GELU_CUBIC = (float) (Math.sqrt(2 / Math.PI) * 0.044715);
    private static final float TANH_CLAMP = 7.90531110763549805f;
    /** Odd numerator coefficients alpha_13, alpha_11, ..., alpha_1 (polynomials here list the highest degree first). */
    private static final float[] TANH_P = {
        -2.76076847742355e-16f, 2.00018790482477e-13f, -8.60467152213735e-11f, 5.12229709037114e-08f,
        1.48572235717979e-05f, 6.37261928875436e-04f, 4.89352455891786e-03f,
    };
    /** Even denominator coefficients beta_6, beta_4, beta_2, beta_0. */
    private static final float[] TANH_Q = {
        1.19825839466702e-06f, 1.18534705686654e-04f, 2.26843463243900e-03f, 4.89352518554385e-03f,
    };

    private static final float EXP_MIN_INPUT = -87.3365447505531f;
    private static final float EXP_MAX_INPUT = 88f;
    private static final float LOG2_E = 1.44269504088896341f;
    /** ln 2 = LN2_HIGH + LN2_LOW; LN2_HIGH has few bits, so n * LN2_HIGH is exact for the n that occur. */
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    /** Cephes' P for e^r = 1 + r + r^2 P(r), highest degree first. */
    private static final float[] EXP_P = {
        1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f,
    };
    private static final int FLOAT_EXPONENT_BIAS = 127;
    private static final int FLOAT_MANTISSA_BITS = 23;

    private final KernelFunction f;
    private final CodeEmitter code;
    private final Lanes lanes;
    private Local square;
    private Local argument;
    private Local half;
    private Local exponent;
    private Local reduced;

    public LaneMath(KernelFunction f, Lanes lanes) {
        this.f = f;
        this.code = f.code();
        this.lanes = lanes;
    }

    /** x = tanh(x). */
    public void tanh(Local x) {
        Local u2 = square();
        code.localGet(x).push(lanes.constant(TANH_CLAMP));
        lanes.min(code);
        code.push(lanes.constant(-TANH_CLAMP));
        lanes.max(code);
        code.localSet(x);
        code.localGet(x).localGet(x);
        lanes.mul(code);
        code.localSet(u2);
        horner(TANH_P, u2);
        code.localGet(x);
        lanes.mul(code);
        horner(TANH_Q, u2);
        lanes.div(code);
        code.localSet(x);
    }

    /** x = GELU(x), tanh form. */
    public void gelu(Local x) {
        Local u = argument();
        Local halfX = half();
        code.localGet(x).localGet(x);
        lanes.mul(code);
        lanes.mulAdd(code, lanes.constant(GELU_CUBIC), lanes.constant(SQRT_2_OVER_PI));
        code.localGet(x);
        lanes.mul(code);
        code.localSet(u);
        tanh(u);
        code.localGet(x).push(lanes.constant(0.5f));
        lanes.mul(code);
        code.localSet(halfX);
        code.localGet(halfX);
        lanes.mulAdd(code, u, halfX);
        code.localSet(x);
    }

    /** x = e^x. */
    public void exp(Local x) {
        Local n = exponent();
        Local r = reduced();
        code.localGet(x).push(lanes.constant(EXP_MAX_INPUT));
        lanes.min(code);
        code.push(lanes.constant(EXP_MIN_INPUT));
        lanes.max(code);
        code.localSet(x);
        code.localGet(x).push(lanes.constant(LOG2_E));
        lanes.mul(code);
        lanes.nearest(code);
        code.localSet(n);
        code.localGet(n);
        lanes.mulAdd(code, lanes.constant(-LN2_HIGH), x);
        code.localSet(r);
        code.localGet(n);
        lanes.mulAdd(code, lanes.constant(-LN2_LOW), r);
        code.localSet(r);
        // e^r = (P(r) r) r + r + 1
        horner(EXP_P, r);
        code.localGet(r);
        lanes.mul(code);
        lanes.mulAdd(code, r, r);
        code.push(lanes.constant(1f));
        lanes.add(code);
        // 2^n: n + bias in the exponent field
        code.localGet(n);
        lanes.toInt(code);
        lanes.addInt(code, FLOAT_EXPONENT_BIAS);
        lanes.shiftLeft(code, FLOAT_MANTISSA_BITS);
        lanes.bitsAsFloat(code);
        lanes.mul(code);
        code.localSet(x);
    }

    /** x = x / (1 + e^-x). */
    public void silu(Local x) {
        Local e = argument();
        code.localGet(x).push(lanes.constant(-1f));
        lanes.mul(code);
        code.localSet(e);
        exp(e);
        code.localGet(x).localGet(e).push(lanes.constant(1f));
        lanes.add(code);
        lanes.div(code);
        code.localSet(x);
    }

    /** Pushes the polynomial with {@code coefficients} (highest degree first) at {@code at}. */
    private void horner(float[] coefficients, Local at) {
        code.push(lanes.constant(coefficients[0]));
        for (int i = 1; i < coefficients.length; i++) {
            lanes.mulAdd(code, at, lanes.constant(coefficients[i]));
        }
    }

    private Local square() {
        return square == null ? square = f.newLocal(lanes.type()) : square;
    }

    private Local argument() {
        return argument == null ? argument = f.newLocal(lanes.type()) : argument;
    }

    private Local half() {
        return half == null ? half = f.newLocal(lanes.type()) : half;
    }

    private Local exponent() {
        return exponent == null ? exponent = f.newLocal(lanes.type()) : exponent;
    }

    private Local reduced() {
        return reduced == null ? reduced = f.newLocal(lanes.type()) : reduced;
    }
}
