package io.jitfarm.jit.wasm;

/** Single-byte instructions of the core instruction set (WebAssembly 2.0, section 5.4). */
enum Opcode {
    UNREACHABLE(0x00),
    BLOCK(0x02),
    LOOP(0x03),
    IF(0x04),
    ELSE(0x05),
    END(0x0B),
    BR(0x0C),
    BR_IF(0x0D),
    RETURN(0x0F),
    SELECT(0x1B),

    LOCAL_GET(0x20),
    LOCAL_SET(0x21),
    LOCAL_TEE(0x22),

    I32_LOAD(0x28, 2),
    F32_LOAD(0x2A, 2),
    F32_STORE(0x38, 2),

    I32_CONST(0x41),
    F32_CONST(0x43),

    I32_EQZ(0x45),
    I32_EQ(0x46),
    I32_LT_S(0x48),
    I32_LT_U(0x49),
    I32_GE_S(0x4E),
    I32_GE_U(0x4F),
    I32_ADD(0x6A),
    I32_SUB(0x6B),
    I32_MUL(0x6C),
    I32_DIV_U(0x6E),
    I32_REM_U(0x70),
    I32_SHL(0x74),

    F32_NEAREST(0x90),
    F32_SQRT(0x91),
    F32_ADD(0x92),
    F32_SUB(0x93),
    F32_MUL(0x94),
    F32_DIV(0x95),
    F32_MIN(0x96),
    F32_MAX(0x97),
    F32_CONVERT_I32_U(0xB3),
    F32_REINTERPRET_I32(0xBE),
    /** The prefix of the saturating conversions (and other "miscellaneous" instructions). */
    MISC_PREFIX(0xFC);

    private final int code;
    private final int naturalAlignLog2;

    Opcode(int code) {
        this(code, MemArg.NOT_A_MEMORY_ACCESS);
    }

    Opcode(int code, int naturalAlignLog2) {
        this.code = code;
        this.naturalAlignLog2 = naturalAlignLog2;
    }

    int code() {
        return code;
    }

    int naturalAlignLog2() {
        return naturalAlignLog2;
    }
}
