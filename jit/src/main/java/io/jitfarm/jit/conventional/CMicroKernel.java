package io.jitfarm.jit.conventional;

import java.util.Locale;

/**
 * One register tile in C, as the JIT's {@code MicroKernel} computes it: {@code rows} x {@code columns}
 * of C in f32x4 accumulators across one K block; per k step, a row segment of B loaded as vectors and
 * one A element broadcast per row; k unrolled {@code unroll} times with an exit test after every step
 * (so no remainder loop), and C stored once at the end. Every stride is a constant, as in the JIT.
 * It becomes a static function that clang inlines at each use, where the JIT writes the tile inline.
 *
 * @param aRowFloats   floats between rows of A (K)
 * @param bRowFloats   floats between consecutive k of B: N in place, nr in a packed panel
 * @param cRowFloats   floats between rows of C (N)
 * @param bPadded      whether B's rows are padded to whole vectors (packed panels), so its loads are never partial
 * @param mayContinue  whether a K block may start past k = 0, so that C holds partial sums to start from
 */
record CMicroKernel(int rows, int columns, int aRowFloats, int bRowFloats, int cRowFloats, boolean bPadded,
                    int unroll, boolean mayContinue) {

    /** The C function's name; unique within one kernel, whose tiles differ only in their size. */
    String name() {
        return "tile_" + rows + "x" + columns;
    }

    /** The call computing the tile at the given A, B and C pointers over the K block [kStart, kStart + depth). */
    String call(String a, String b, String c, String kStart, String depth) {
        return String.format(Locale.ROOT, "%s(%s, %s, %s, %s, %s);", name(), a, b, c, kStart, depth);
    }

    void define(CSourceWriter c) {
        int vectors = CVectorLanes.vectorsFor(columns);
        c.open("static inline __attribute__((always_inline)) void %s(const float *a, const float *b, float *c,"
                + " unsigned kStart, unsigned depth)", name());
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < vectors; v++) {
                c.line("v128_t %s;", sum(r, v));
            }
        }
        if (mayContinue) {
            c.block("if (kStart == 0)", () -> zeroSums(c, vectors));
            c.block("else", () -> loadSums(c, vectors));
        } else {
            zeroSums(c, vectors);
        }
        c.line("const float *aEnd = a + depth;");
        c.open("do");
        for (int step = 0; step < unroll; step++) {
            int current = step;
            c.block("", () -> kStep(c, current, vectors));
            if (step < unroll - 1) {
                c.line("if (a + %d >= aEnd) break;", step + 1);
            }
        }
        c.line("a += %d;", unroll);
        c.line("b += %d;", unroll * bRowFloats);
        c.close("while (a < aEnd);");
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < vectors; v++) {
                c.line(CVectorLanes.store(CVectorLanes.lanesOf(v, columns), cElement(r, v), sum(r, v)));
            }
        }
        c.close();
    }

    /** sums += A[rows, k] x B[k, columns] for the k {@code step} elements past the pointers. */
    private void kStep(CSourceWriter c, int step, int vectors) {
        for (int v = 0; v < vectors; v++) {
            int lanes = bPadded ? CVectorLanes.LANES : CVectorLanes.lanesOf(v, columns);
            String address = "b + " + (step * bRowFloats + v * CVectorLanes.LANES);
            c.line("v128_t b%d = %s;", v, CVectorLanes.load(lanes, address));
        }
        for (int r = 0; r < rows; r++) {
            c.line("v128_t a%d = wasm_v128_load32_splat(a + %d);", r, r * aRowFloats + step);
            for (int v = 0; v < vectors; v++) {
                c.line("%s = wasm_f32x4_add(%s, wasm_f32x4_mul(a%d, b%d));", sum(r, v), sum(r, v), r, v);
            }
        }
    }

    private void zeroSums(CSourceWriter c, int vectors) {
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < vectors; v++) {
                c.line("%s = wasm_f32x4_const_splat(0.0f);", sum(r, v));
            }
        }
    }

    /** Starts from the partial sums earlier K blocks left in C. */
    private void loadSums(CSourceWriter c, int vectors) {
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < vectors; v++) {
                c.line("%s = %s;", sum(r, v), CVectorLanes.load(CVectorLanes.lanesOf(v, columns), cElement(r, v)));
            }
        }
    }

    private String cElement(int row, int vector) {
        return "c + " + (row * cRowFloats + vector * CVectorLanes.LANES);
    }

    private static String sum(int row, int vector) {
        return "sum" + row + "_" + vector;
    }
}
