package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The arithmetic of one value of a kernel's element loop: one f32 ({@link #scalar()}) or an f32x4
 * ({@link #f32x4}). Generators write a computation once against this interface and emit it with
 * either, so a vectorized loop and its scalar remainder (or a scalar schedule) share their code.
 * Operations work on the operand stack like the instructions they emit.
 */
public sealed interface Lanes {

    static Lanes scalar() {
        return Scalar.INSTANCE;
    }

    /** f32x4; {@code fma} makes {@link #mulAdd} one relaxed-SIMD {@code f32x4.relaxed_madd}. */
    static Lanes f32x4(boolean fma) {
        return fma ? Simd.FMA : Simd.MUL_ADD;
    }

    /** Floats per value. */
    int width();

    default int bytes() {
        return width() * Float.BYTES;
    }

    ValType type();

    /** Pops an address; pushes the value at address + offset. */
    void load(CodeEmitter code, int offset);

    /** Pops an address and a value; stores the value at address + offset. */
    void store(CodeEmitter code, int offset);

    /** The value with {@code value} in every lane. */
    Operand constant(float value);

    /** Pops a, b; pushes a + b. */
    void add(CodeEmitter code);

    /** Pops a, b; pushes a - b. */
    void sub(CodeEmitter code);

    void mul(CodeEmitter code);

    /** Pops a, b; pushes a / b. */
    void div(CodeEmitter code);

    void min(CodeEmitter code);

    void max(CodeEmitter code);

    /** Pops a; pushes a * b + c (fused or not at the engine's choice when FMA is on). */
    void mulAdd(CodeEmitter code, Operand b, Operand c);

    /** Pops an f32; pushes it in every lane. */
    void splat(CodeEmitter code);

    /** Pushes the f32 sum of the lanes of {@code value}. */
    void pushSumAcross(CodeEmitter code, Local value);

    /** Pushes the f32 maximum of the lanes of {@code value}. */
    void pushMaxAcross(CodeEmitter code, Local value);

    /** Rounds every lane to the nearest integer (ties to even), still as a float. */
    void nearest(CodeEmitter code);

    /** Converts every lane to an i32 (saturating, never trapping): the value becomes integer lanes. */
    void toInt(CodeEmitter code);

    /** Adds a constant to every integer lane. */
    void addInt(CodeEmitter code, int value);

    /** Shifts every integer lane left. */
    void shiftLeft(CodeEmitter code, int bits);

    /** Reads integer lanes' bits as floats. */
    void bitsAsFloat(CodeEmitter code);

    /** A short name for candidate ids: {@code f32} or {@code f32x4}. */
    String id();

    /** One f32 per value: the remainder of vector loops, and the scalar schedules. */
    final class Scalar implements Lanes {

        private static final Scalar INSTANCE = new Scalar();

        private Scalar() {
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public ValType type() {
            return ValType.F32;
        }

        @Override
        public void load(CodeEmitter code, int offset) {
            code.f32Load(offset);
        }

        @Override
        public void store(CodeEmitter code, int offset) {
            code.f32Store(offset);
        }

        @Override
        public Operand constant(float value) {
            return code -> code.f32Const(value);
        }

        @Override
        public void add(CodeEmitter code) {
            code.f32Add();
        }

        @Override
        public void sub(CodeEmitter code) {
            code.f32Sub();
        }

        @Override
        public void mul(CodeEmitter code) {
            code.f32Mul();
        }

        @Override
        public void div(CodeEmitter code) {
            code.f32Div();
        }

        @Override
        public void min(CodeEmitter code) {
            code.f32Min();
        }

        @Override
        public void max(CodeEmitter code) {
            code.f32Max();
        }

        @Override
        public void mulAdd(CodeEmitter code, Operand b, Operand c) {
            code.push(b).f32Mul().push(c).f32Add();
        }

        @Override
        public void splat(CodeEmitter code) {
        }

        @Override
        public void pushSumAcross(CodeEmitter code, Local value) {
            code.localGet(value);
        }

        @Override
        public void pushMaxAcross(CodeEmitter code, Local value) {
            code.localGet(value);
        }

        @Override
        public void nearest(CodeEmitter code) {
            code.f32Nearest();
        }

        @Override
        public void toInt(CodeEmitter code) {
            code.i32TruncSatF32S();
        }

        @Override
        public void addInt(CodeEmitter code, int value) {
            code.i32Const(value).i32Add();
        }

        @Override
        public void shiftLeft(CodeEmitter code, int bits) {
            code.i32Const(bits).i32Shl();
        }

        @Override
        public void bitsAsFloat(CodeEmitter code) {
            code.f32ReinterpretI32();
        }

        @Override
        public String id() {
            return "f32";
        }
    }

    /** Four f32 in a v128. Minimum and maximum are the pseudo ones (one minps / maxps on x86). */
    final class Simd implements Lanes {

        private static final Simd FMA = new Simd(true);
        private static final Simd MUL_ADD = new Simd(false);

        private final boolean fma;

        private Simd(boolean fma) {
            this.fma = fma;
        }

        @Override
        public int width() {
            return VectorLanes.LANES;
        }

        @Override
        public ValType type() {
            return ValType.V128;
        }

        @Override
        public void load(CodeEmitter code, int offset) {
            code.v128Load(offset);
        }

        @Override
        public void store(CodeEmitter code, int offset) {
            code.v128Store(offset);
        }

        @Override
        public Operand constant(float value) {
            byte[] lanes = fourLanes(Float.floatToRawIntBits(value));
            return code -> code.v128Const(lanes);
        }

        @Override
        public void add(CodeEmitter code) {
            code.f32x4Add();
        }

        @Override
        public void sub(CodeEmitter code) {
            code.f32x4Sub();
        }

        @Override
        public void mul(CodeEmitter code) {
            code.f32x4Mul();
        }

        @Override
        public void div(CodeEmitter code) {
            code.f32x4Div();
        }

        @Override
        public void min(CodeEmitter code) {
            code.f32x4Pmin();
        }

        @Override
        public void max(CodeEmitter code) {
            code.f32x4Pmax();
        }

        @Override
        public void mulAdd(CodeEmitter code, Operand b, Operand c) {
            if (fma) {
                code.push(b).push(c).f32x4RelaxedMadd();
            } else {
                code.push(b).f32x4Mul().push(c).f32x4Add();
            }
        }

        @Override
        public void splat(CodeEmitter code) {
            code.f32x4Splat();
        }

        @Override
        public void pushSumAcross(CodeEmitter code, Local value) {
            code.localGet(value).f32x4ExtractLane(0).localGet(value).f32x4ExtractLane(1).f32Add()
                    .localGet(value).f32x4ExtractLane(2).localGet(value).f32x4ExtractLane(3).f32Add()
                    .f32Add();
        }

        @Override
        public void pushMaxAcross(CodeEmitter code, Local value) {
            code.localGet(value).f32x4ExtractLane(0).localGet(value).f32x4ExtractLane(1).f32Max()
                    .localGet(value).f32x4ExtractLane(2).localGet(value).f32x4ExtractLane(3).f32Max()
                    .f32Max();
        }

        @Override
        public void nearest(CodeEmitter code) {
            code.f32x4Nearest();
        }

        @Override
        public void toInt(CodeEmitter code) {
            code.i32x4TruncSatF32x4S();
        }

        @Override
        public void addInt(CodeEmitter code, int value) {
            code.v128Const(fourLanes(value)).i32x4Add();
        }

        @Override
        public void shiftLeft(CodeEmitter code, int bits) {
            code.i32Const(bits).i32x4Shl();
        }

        @Override
        public void bitsAsFloat(CodeEmitter code) {
            // A v128 has no type: the same bits are already the floats.
        }

        @Override
        public String id() {
            return "f32x4";
        }

        /** The 16 bytes of four lanes of {@code bits}, little-endian, as v128.const takes them. */
        private static byte[] fourLanes(int bits) {
            ByteBuffer bytes = ByteBuffer.allocate(VectorLanes.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int lane = 0; lane < VectorLanes.LANES; lane++) {
                bytes.putInt(bits);
            }
            return bytes.array();
        }
    }
}
