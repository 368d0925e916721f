package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.ValType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Emits an {@link Epilogue} on a register tile's accumulators, in place, just before they are stored.
 *
 * <p>The bias of the tile's columns is loaded once per tile (a partial vector at a right edge, like
 * the tile's other loads) and added to every row. ReLU is {@code f32x4.pmax(x, 0)}.
 *
 * <p>GELU: {@code 0.5x + 0.5x * tanh(u)}, {@code u = x(c0 + c1 x^2)}, {@code c0 = sqrt(2/pi)},
 * {@code c1 = 0.044715 c0}. WebAssembly has no tanh, and exp-based forms need bit tricks the SIMD
 * set makes awkward, so tanh is the [13/6] odd rational minimax approximation Eigen uses for float
 * ({@code generic_fast_tanh_float}): u is clamped to +-7.9053111 (where tanh rounds to +-1 in fp32),
 * then {@code tanh(u) = u P(u^2) / Q(u^2)} with P of degree 6 and Q of degree 3 in u^2, evaluated by
 * Horner with one division. Checked in fp32 against Math.tanh on [-12, 12] (steps of 1e-4) and on
 * 1e-8 <= |u| <= 1e-2: at most 3.3e-7 relative error; the whole GELU stays within 2.1e-7 |x| of the
 * float64 formula. Cost per vector: 2 clamps, 1 division and 16 multiplies or adds (11 with FMA).
 */
final class EpilogueEmitter {

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float GELU_CUBIC = (float) (Math.sqrt(2 / Math.PI) * 0.044715);
    private static final float TANH_CLAMP = 7.90531110763549805f;
    /** Odd numerator coefficients alpha_1, alpha_3, ..., alpha_13. */
    private static final float[] TANH_P = {
        4.89352455891786e-03f, 6.37261928875436e-04f, 1.48572235717979e-05f, 5.12229709037114e-08f,
        -8.60467152213735e-11f, 2.00018790482477e-13f, -2.76076847742355e-16f,
    };
    /** Even denominator coefficients beta_0, beta_2, beta_4, beta_6. */
    private static final float[] TANH_Q = {
        4.89352518554385e-03f, 2.26843463243900e-03f, 1.18534705686654e-04f, 1.19825839466702e-06f,
    };

    private final KernelFunction f;
    private final CodeEmitter code;
    private final Epilogue epilogue;
    private final boolean fma;

    EpilogueEmitter(KernelFunction f, Epilogue epilogue, boolean fma) {
        this.f = f;
        this.code = f.code();
        this.epilogue = epilogue;
        this.fma = fma;
    }

    /**
     * Applies the epilogue to {@code sums[row][vector]}, a tile {@code columns} wide whose first
     * column's bias is at {@code biasTile} (unused without a bias).
     */
    void apply(Local[][] sums, int columns, Local biasTile) {
        if (epilogue.bias()) {
            Local[] bias = new Local[VectorLanes.vectorsFor(columns)];
            for (int v = 0; v < bias.length; v++) {
                bias[v] = f.newLocal(ValType.V128);
                VectorLanes.ofVector(v, columns).load(code, biasTile, v * VectorLanes.BYTES);
                code.localSet(bias[v]);
            }
            for (Local[] row : sums) {
                for (int v = 0; v < row.length; v++) {
                    code.localGet(row[v]).localGet(bias[v]).f32x4Add().localSet(row[v]);
                }
            }
        }
        switch (epilogue.activation()) {
            case NONE -> { }
            case RELU -> {
                for (Local[] row : sums) {
                    for (Local sum : row) {
                        code.localGet(sum).v128Const(splat(0f)).f32x4Pmax().localSet(sum);
                    }
                }
            }
            case GELU -> {
                Local u = f.newLocal(ValType.V128);
                Local u2 = f.newLocal(ValType.V128);
                Local half = f.newLocal(ValType.V128);
                for (Local[] row : sums) {
                    for (Local sum : row) {
                        gelu(sum, u, u2, half);
                    }
                }
            }
        }
    }

    private void gelu(Local x, Local u, Local u2, Local half) {
        // u = clamp(x * (c0 + c1 * x^2))
        code.localGet(x).localGet(x).f32x4Mul().localSet(u2);
        madd(() -> code.localGet(u2), splat(GELU_CUBIC), splat(SQRT_2_OVER_PI));
        code.localGet(x).f32x4Mul();
        code.v128Const(splat(TANH_CLAMP)).f32x4Pmin().v128Const(splat(-TANH_CLAMP)).f32x4Pmax().localSet(u);
        code.localGet(u).localGet(u).f32x4Mul().localSet(u2);
        // numerator u * P(u^2)
        code.v128Const(splat(TANH_P[TANH_P.length - 1]));
        for (int i = TANH_P.length - 2; i >= 0; i--) {
            maddOnStack(TANH_P[i], u2);
        }
        code.localGet(u).f32x4Mul();
        // denominator Q(u^2)
        code.v128Const(splat(TANH_Q[TANH_Q.length - 1]));
        for (int i = TANH_Q.length - 2; i >= 0; i--) {
            maddOnStack(TANH_Q[i], u2);
        }
        code.f32x4Div().localSet(u);
        // 0.5x + 0.5x * tanh(u)
        code.localGet(x).v128Const(splat(0.5f)).f32x4Mul().localSet(half);
        if (fma) {
            code.localGet(half).localGet(u).localGet(half).f32x4RelaxedMadd();
        } else {
            code.localGet(half).localGet(u).f32x4Mul().localGet(half).f32x4Add();
        }
        code.localSet(x);
    }

    /** Pushes {@code a * b + c} where a is pushed by {@code pushA}. */
    private void madd(Runnable pushA, byte[] b, byte[] c) {
        pushA.run();
        code.v128Const(b);
        if (fma) {
            code.v128Const(c).f32x4RelaxedMadd();
        } else {
            code.f32x4Mul().v128Const(c).f32x4Add();
        }
    }

    /** Horner step on the value on the stack: {@code top * u2 + coefficient}. */
    private void maddOnStack(float coefficient, Local u2) {
        code.localGet(u2);
        if (fma) {
            code.v128Const(splat(coefficient)).f32x4RelaxedMadd();
        } else {
            code.f32x4Mul().v128Const(splat(coefficient)).f32x4Add();
        }
    }

    static byte[] splat(float value) {
        ByteBuffer bytes = ByteBuffer.allocate(VectorLanes.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int lane = 0; lane < VectorLanes.LANES; lane++) {
            bytes.putFloat(value);
        }
        return bytes.array();
    }
}
