package io.jitfarm.jit.wasm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes the instructions of one function body. Every method appends one instruction (or one
 * structured construct) and returns this emitter, so straight-line code reads as a chain. Blocks,
 * loops and ifs take their body as a callback and close themselves, so no body can be left open.
 */
public final class CodeEmitter {

    private static final int BLOCK_TYPE_EMPTY = 0x40;
    private static final int V128_BYTES = 16;
    private static final int F32X4_LANES = 4;
    /** Sub-opcode of i32.trunc_sat_f32_s behind {@link Opcode#MISC_PREFIX}. */
    private static final int I32_TRUNC_SAT_F32_S = 0x00;

    private final ByteSink out = new ByteSink();
    private final List<Label> openLabels = new ArrayList<>();

    CodeEmitter() {
    }

    // Control

    /** A block; branching to its label jumps past its end. */
    public CodeEmitter block(Consumer<Label> body) {
        return structured(Opcode.BLOCK, body);
    }

    /** A loop; branching to its label jumps back to its start. */
    public CodeEmitter loop(Consumer<Label> body) {
        return structured(Opcode.LOOP, body);
    }

    /** Pops an i32 and runs the body if it is not zero. */
    public CodeEmitter ifThen(Runnable then) {
        return structured(Opcode.IF, label -> then.run());
    }

    /** Pops an i32 and runs {@code then} if it is not zero, {@code otherwise} if it is. */
    public CodeEmitter ifElse(Runnable then, Runnable otherwise) {
        return structured(Opcode.IF, label -> {
            then.run();
            op(Opcode.ELSE);
            otherwise.run();
        });
    }

    public CodeEmitter br(Label target) {
        op(Opcode.BR);
        out.u32(relativeDepth(target));
        return this;
    }

    /** Pops an i32 and branches if it is not zero. */
    public CodeEmitter brIf(Label target) {
        op(Opcode.BR_IF);
        out.u32(relativeDepth(target));
        return this;
    }

    /** Traps: the page sees a RuntimeError instead of a result computed from bad input. */
    public CodeEmitter unreachable() {
        return op(Opcode.UNREACHABLE);
    }

    public CodeEmitter returnFromFunction() {
        return op(Opcode.RETURN);
    }

    /** Pops a, b and a condition; pushes a if the condition is not zero, else b. */
    public CodeEmitter select() {
        return op(Opcode.SELECT);
    }

    // Locals

    public CodeEmitter localGet(Local local) {
        return op(Opcode.LOCAL_GET).index(local);
    }

    public CodeEmitter localSet(Local local) {
        return op(Opcode.LOCAL_SET).index(local);
    }

    public CodeEmitter localTee(Local local) {
        return op(Opcode.LOCAL_TEE).index(local);
    }

    /** Pushes the operand's value; lets helpers accept locals, constants and expressions alike. */
    public CodeEmitter push(Operand operand) {
        operand.push(this);
        return this;
    }

    /** {@code target += amount}, the step of pointer and counter updates. */
    public CodeEmitter addTo(Local target, Operand amount) {
        return localGet(target).push(amount).i32Add().localSet(target);
    }

    // i32

    public CodeEmitter i32Const(int value) {
        op(Opcode.I32_CONST);
        out.s32(value);
        return this;
    }

    public CodeEmitter i32Eqz() {
        return op(Opcode.I32_EQZ);
    }

    public CodeEmitter i32Eq() {
        return op(Opcode.I32_EQ);
    }

    public CodeEmitter i32LtS() {
        return op(Opcode.I32_LT_S);
    }

    public CodeEmitter i32LtU() {
        return op(Opcode.I32_LT_U);
    }

    public CodeEmitter i32GeS() {
        return op(Opcode.I32_GE_S);
    }

    public CodeEmitter i32GeU() {
        return op(Opcode.I32_GE_U);
    }

    public CodeEmitter i32Add() {
        return op(Opcode.I32_ADD);
    }

    public CodeEmitter i32Sub() {
        return op(Opcode.I32_SUB);
    }

    public CodeEmitter i32Mul() {
        return op(Opcode.I32_MUL);
    }

    public CodeEmitter i32DivU() {
        return op(Opcode.I32_DIV_U);
    }

    public CodeEmitter i32RemU() {
        return op(Opcode.I32_REM_U);
    }

    public CodeEmitter i32Shl() {
        return op(Opcode.I32_SHL);
    }

    public CodeEmitter i32Load(int offset) {
        return memoryAccess(Opcode.I32_LOAD, new MemArg(Opcode.I32_LOAD.naturalAlignLog2(), offset));
    }

    /** Float to int, rounding toward zero; out-of-range values saturate and NaN gives 0, so it never traps. */
    public CodeEmitter i32TruncSatF32S() {
        op(Opcode.MISC_PREFIX);
        out.u32(I32_TRUNC_SAT_F32_S);
        return this;
    }

    // f32

    public CodeEmitter f32Const(float value) {
        op(Opcode.F32_CONST);
        out.f32(value);
        return this;
    }

    public CodeEmitter f32Load(int offset) {
        return f32Load(new MemArg(Opcode.F32_LOAD.naturalAlignLog2(), offset));
    }

    public CodeEmitter f32Load(MemArg memArg) {
        return memoryAccess(Opcode.F32_LOAD, memArg);
    }

    public CodeEmitter f32Store(int offset) {
        return f32Store(new MemArg(Opcode.F32_STORE.naturalAlignLog2(), offset));
    }

    public CodeEmitter f32Store(MemArg memArg) {
        return memoryAccess(Opcode.F32_STORE, memArg);
    }

    public CodeEmitter f32Add() {
        return op(Opcode.F32_ADD);
    }

    public CodeEmitter f32Mul() {
        return op(Opcode.F32_MUL);
    }

    /** Pops a, b and pushes a - b. */
    public CodeEmitter f32Sub() {
        return op(Opcode.F32_SUB);
    }

    /** Pops a, b and pushes a / b. */
    public CodeEmitter f32Div() {
        return op(Opcode.F32_DIV);
    }

    public CodeEmitter f32Min() {
        return op(Opcode.F32_MIN);
    }

    public CodeEmitter f32Max() {
        return op(Opcode.F32_MAX);
    }

    public CodeEmitter f32Sqrt() {
        return op(Opcode.F32_SQRT);
    }

    /** Round to nearest, ties to even. */
    public CodeEmitter f32Nearest() {
        return op(Opcode.F32_NEAREST);
    }

    /** The i32, read as unsigned, as the nearest f32. */
    public CodeEmitter f32ConvertI32U() {
        return op(Opcode.F32_CONVERT_I32_U);
    }

    /** The i32's bits read as an f32. */
    public CodeEmitter f32ReinterpretI32() {
        return op(Opcode.F32_REINTERPRET_I32);
    }

    // SIMD128

    public CodeEmitter v128Load(int offset) {
        return v128Load(new MemArg(SimdOpcode.V128_LOAD.naturalAlignLog2(), offset));
    }

    public CodeEmitter v128Load(MemArg memArg) {
        return simdMemoryAccess(SimdOpcode.V128_LOAD, memArg);
    }

    public CodeEmitter v128Store(int offset) {
        return v128Store(new MemArg(SimdOpcode.V128_STORE.naturalAlignLog2(), offset));
    }

    public CodeEmitter v128Store(MemArg memArg) {
        return simdMemoryAccess(SimdOpcode.V128_STORE, memArg);
    }

    /** Loads one 32-bit value and repeats it in all four lanes: the broadcast of an A element. */
    public CodeEmitter v128Load32Splat(int offset) {
        return v128Load32Splat(new MemArg(SimdOpcode.V128_LOAD32_SPLAT.naturalAlignLog2(), offset));
    }

    public CodeEmitter v128Load32Splat(MemArg memArg) {
        return simdMemoryAccess(SimdOpcode.V128_LOAD32_SPLAT, memArg);
    }

    /** Loads one 32-bit value into lane 0 and zeroes the others: the start of a partial vector. */
    public CodeEmitter v128Load32Zero(int offset) {
        return simdMemoryAccess(SimdOpcode.V128_LOAD32_ZERO, natural(SimdOpcode.V128_LOAD32_ZERO, offset));
    }

    /** Loads two 32-bit values into lanes 0 and 1 and zeroes the others. */
    public CodeEmitter v128Load64Zero(int offset) {
        return simdMemoryAccess(SimdOpcode.V128_LOAD64_ZERO, natural(SimdOpcode.V128_LOAD64_ZERO, offset));
    }

    /** Pops an address and a vector; pushes the vector with one 32-bit lane replaced from memory. */
    public CodeEmitter v128Load32Lane(int offset, int lane) {
        return laneAccess(SimdOpcode.V128_LOAD32_LANE, offset, lane, F32X4_LANES);
    }

    /** Pops an address and a vector; stores one 32-bit lane. */
    public CodeEmitter v128Store32Lane(int offset, int lane) {
        return laneAccess(SimdOpcode.V128_STORE32_LANE, offset, lane, F32X4_LANES);
    }

    /** Pops an address and a vector; stores one 64-bit lane (two f32 lanes). */
    public CodeEmitter v128Store64Lane(int offset, int lane) {
        return laneAccess(SimdOpcode.V128_STORE64_LANE, offset, lane, F32X4_LANES / 2);
    }

    /** A 16-byte constant, lane bytes in memory (little-endian) order. */
    public CodeEmitter v128Const(byte[] value) {
        if (value.length != V128_BYTES) {
            throw new IllegalArgumentException("v128.const takes 16 bytes, got " + value.length);
        }
        simd(SimdOpcode.V128_CONST);
        out.bytes(value);
        return this;
    }

    public CodeEmitter f32x4Splat() {
        return simd(SimdOpcode.F32X4_SPLAT);
    }

    public CodeEmitter f32x4ExtractLane(int lane) {
        if (lane < 0 || lane >= F32X4_LANES) {
            throw new IllegalArgumentException("f32x4 has lanes 0 to 3, not " + lane);
        }
        simd(SimdOpcode.F32X4_EXTRACT_LANE);
        out.u8(lane);
        return this;
    }

    public CodeEmitter f32x4Add() {
        return simd(SimdOpcode.F32X4_ADD);
    }

    public CodeEmitter f32x4Mul() {
        return simd(SimdOpcode.F32X4_MUL);
    }

    /** Pops a, b and pushes a - b. */
    public CodeEmitter f32x4Sub() {
        return simd(SimdOpcode.F32X4_SUB);
    }

    /** Pops a, b and pushes a / b. */
    public CodeEmitter f32x4Div() {
        return simd(SimdOpcode.F32X4_DIV);
    }

    /** Pops a, b and pushes the pseudo-minimum {@code b < a ? b : a} per lane. */
    public CodeEmitter f32x4Pmin() {
        return simd(SimdOpcode.F32X4_PMIN);
    }

    /** Pops a, b and pushes the pseudo-maximum {@code a < b ? b : a} per lane. */
    public CodeEmitter f32x4Pmax() {
        return simd(SimdOpcode.F32X4_PMAX);
    }

    /** Round to nearest, ties to even, per lane. */
    public CodeEmitter f32x4Nearest() {
        return simd(SimdOpcode.F32X4_NEAREST);
    }

    /** Float to int per lane, rounding toward zero and saturating (NaN gives 0). */
    public CodeEmitter i32x4TruncSatF32x4S() {
        return simd(SimdOpcode.I32X4_TRUNC_SAT_F32X4_S);
    }

    public CodeEmitter i32x4Add() {
        return simd(SimdOpcode.I32X4_ADD);
    }

    /** Pops a vector and an i32 count; shifts every lane left by the count. */
    public CodeEmitter i32x4Shl() {
        return simd(SimdOpcode.I32X4_SHL);
    }

    /** Pops a, b, c and pushes a * b + c; needs relaxed SIMD (WebAssembly 3.0). */
    public CodeEmitter f32x4RelaxedMadd() {
        return simd(SimdOpcode.F32X4_RELAXED_MADD);
    }

    /** The instructions written so far, without the function's closing {@code end}. */
    byte[] toByteArray() {
        return out.toByteArray();
    }

    private CodeEmitter structured(Opcode opener, Consumer<Label> body) {
        op(opener);
        out.u8(BLOCK_TYPE_EMPTY);
        Label label = new Label(openLabels.size());
        openLabels.add(label);
        body.accept(label);
        openLabels.remove(openLabels.size() - 1);
        return op(Opcode.END);
    }

    private int relativeDepth(Label target) {
        int nesting = target.nesting();
        if (nesting >= openLabels.size() || openLabels.get(nesting) != target) {
            throw new IllegalStateException("branch to a label whose block is not open here");
        }
        return openLabels.size() - 1 - nesting;
    }

    private CodeEmitter memoryAccess(Opcode opcode, MemArg memArg) {
        op(opcode);
        memArg.writeTo(out, opcode.naturalAlignLog2());
        return this;
    }

    private CodeEmitter simdMemoryAccess(SimdOpcode opcode, MemArg memArg) {
        simd(opcode);
        memArg.writeTo(out, opcode.naturalAlignLog2());
        return this;
    }

    private CodeEmitter laneAccess(SimdOpcode opcode, int offset, int lane, int lanes) {
        if (lane < 0 || lane >= lanes) {
            throw new IllegalArgumentException(opcode + " has lanes 0 to " + (lanes - 1) + ", not " + lane);
        }
        simdMemoryAccess(opcode, natural(opcode, offset));
        out.u8(lane);
        return this;
    }

    private static MemArg natural(SimdOpcode opcode, int offset) {
        return new MemArg(opcode.naturalAlignLog2(), offset);
    }

    private CodeEmitter index(Local local) {
        out.u32(local.index());
        return this;
    }

    private CodeEmitter op(Opcode opcode) {
        out.u8(opcode.code());
        return this;
    }

    private CodeEmitter simd(SimdOpcode opcode) {
        out.u8(SimdOpcode.PREFIX).u32(opcode.subOpcode());
        return this;
    }
}
