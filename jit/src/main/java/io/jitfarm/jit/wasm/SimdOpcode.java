package io.jitfarm.jit.wasm;

/**
 * Instructions behind the 0xFD prefix: fixed-width SIMD (WebAssembly 2.0) and relaxed SIMD
 * (WebAssembly 3.0). The sub-opcode after the prefix is an unsigned LEB128, so those past 0x7F take
 * two bytes.
 */
enum SimdOpcode {
    V128_LOAD(0x00, 4),
    V128_LOAD32_SPLAT(0x09, 2),
    V128_STORE(0x0B, 4),
    V128_CONST(0x0C),
    V128_LOAD32_LANE(0x56, 2),
    V128_STORE32_LANE(0x5A, 2),
    V128_STORE64_LANE(0x5B, 3),
    V128_LOAD32_ZERO(0x5C, 2),
    V128_LOAD64_ZERO(0x5D, 3),
    F32X4_SPLAT(0x13),
    F32X4_EXTRACT_LANE(0x1F),
    /** Round to nearest, ties to even, lane-wise. */
    F32X4_NEAREST(0x6A),
    I32X4_SHL(0xAB),
    I32X4_ADD(0xAE),
    F32X4_ADD(0xE4),
    F32X4_SUB(0xE5),
    F32X4_MUL(0xE6),
    F32X4_DIV(0xE7),
    /** b < a ? b : a, lane-wise: one minps on x86, unlike the NaN-propagating f32x4.min. */
    F32X4_PMIN(0xEA),
    /** a < b ? b : a, lane-wise. */
    F32X4_PMAX(0xEB),
    /** Float to int lane-wise, out-of-range values to the nearest int and NaN to 0: never traps. */
    I32X4_TRUNC_SAT_F32X4_S(0xF8),
    /** a * b + c, fused or not at the engine's choice: the FMA of the tuned kernels. */
    F32X4_RELAXED_MADD(0x105);

    static final int PREFIX = 0xFD;

    private final int subOpcode;
    private final int naturalAlignLog2;

    SimdOpcode(int subOpcode) {
        this(subOpcode, MemArg.NOT_A_MEMORY_ACCESS);
    }

    SimdOpcode(int subOpcode, int naturalAlignLog2) {
        this.subOpcode = subOpcode;
        this.naturalAlignLog2 = naturalAlignLog2;
    }

    int subOpcode() {
        return subOpcode;
    }

    int naturalAlignLog2() {
        return naturalAlignLog2;
    }
}
