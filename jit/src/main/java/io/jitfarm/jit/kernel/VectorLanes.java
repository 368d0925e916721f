package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;

/**
 * Loads and stores of an f32x4 of which only the first {@code lanes} floats belong to the matrix: the
 * last vector of a tile whose width is not a multiple of 4. Partial loads zero the other lanes and
 * never read past the matrix (whose end may be the end of memory); partial stores leave the
 * neighbouring elements, which other tiles or threads own, untouched.
 */
record VectorLanes(int lanes) {

    static final int LANES = 4;
    static final int BYTES = LANES * Float.BYTES;
    private static final VectorLanes FULL = new VectorLanes(LANES);

    VectorLanes {
        if (lanes < 1 || lanes > LANES) {
            throw new IllegalArgumentException("an f32x4 has 1 to 4 lanes in use, not " + lanes);
        }
    }

    /** Vectors needed for {@code columns} floats. */
    static int vectorsFor(int columns) {
        return (columns + LANES - 1) / LANES;
    }

    /** The lanes in use of vector {@code vector} of a row segment {@code columns} floats wide. */
    static VectorLanes ofVector(int vector, int columns) {
        return new VectorLanes(Math.min(LANES, columns - vector * LANES));
    }

    static VectorLanes full() {
        return FULL;
    }

    /** Pushes the vector at {@code address + offset}, zero in the lanes not in use. */
    void load(CodeEmitter code, Local address, int offset) {
        switch (lanes) {
            case 1 -> code.localGet(address).v128Load32Zero(offset);
            case 2 -> code.localGet(address).v128Load64Zero(offset);
            case 3 -> code.localGet(address)
                    .localGet(address).v128Load64Zero(offset)
                    .v128Load32Lane(offset + 2 * Float.BYTES, 2);
            default -> code.localGet(address).v128Load(offset);
        }
    }

    /** Stores the lanes in use of {@code vector} at {@code address + offset}. */
    void store(CodeEmitter code, Local address, int offset, Local vector) {
        switch (lanes) {
            case 1 -> code.localGet(address).localGet(vector).v128Store32Lane(offset, 0);
            case 2 -> code.localGet(address).localGet(vector).v128Store64Lane(offset, 0);
            case 3 -> code.localGet(address).localGet(vector).v128Store64Lane(offset, 0)
                    .localGet(address).localGet(vector).v128Store32Lane(offset + 2 * Float.BYTES, 2);
            default -> code.localGet(address).localGet(vector).v128Store(offset);
        }
    }
}
