package io.jitfarm.jit.conventional;

/**
 * The C counterpart of the JIT's partial vectors: an f32x4 of which only the first 1 to 4 floats
 * belong to the matrix (the last vector of a tile whose width is not a multiple of 4). Loads zero the
 * other lanes and never read past the matrix; stores leave the neighbouring floats, which other tiles
 * or threads own, untouched. Each width is a helper in the kernel's prelude, built from the same
 * instructions the JIT emits (v128.load32_zero, v128.load64_zero, v128.load32_lane and the lane stores).
 */
final class CVectorLanes {

    static final int LANES = 4;

    /** Helpers every kernel source starts with; clang inlines them and drops the unused ones. */
    static final String PRELUDE = """
            static inline v128_t load_lanes1(const float *p) { return wasm_v128_load32_zero(p); }
            static inline v128_t load_lanes2(const float *p) { return wasm_v128_load64_zero(p); }
            static inline v128_t load_lanes3(const float *p) {
                return wasm_v128_load32_lane(p + 2, wasm_v128_load64_zero(p), 2);
            }
            static inline v128_t load_lanes4(const float *p) { return wasm_v128_load(p); }
            static inline void store_lanes1(float *p, v128_t v) { wasm_v128_store32_lane(p, v, 0); }
            static inline void store_lanes2(float *p, v128_t v) { wasm_v128_store64_lane(p, v, 0); }
            static inline void store_lanes3(float *p, v128_t v) {
                wasm_v128_store64_lane(p, v, 0);
                wasm_v128_store32_lane(p + 2, v, 2);
            }
            static inline void store_lanes4(float *p, v128_t v) { wasm_v128_store(p, v); }
            """;

    private CVectorLanes() {
    }

    /** Vectors needed for {@code columns} floats. */
    static int vectorsFor(int columns) {
        return (columns + LANES - 1) / LANES;
    }

    /** The floats in use of vector {@code vector} of a row segment {@code columns} floats wide. */
    static int lanesOf(int vector, int columns) {
        return Math.min(LANES, columns - vector * LANES);
    }

    /** The expression loading {@code lanes} floats at {@code address}, zero in the others. */
    static String load(int lanes, String address) {
        return "load_lanes" + lanes + "(" + address + ")";
    }

    /** The statement storing the first {@code lanes} floats of {@code vector} at {@code address}. */
    static String store(int lanes, String address, String vector) {
        return "store_lanes" + lanes + "(" + address + ", " + vector + ");";
    }
}
