package io.jitfarm.jit.wasm;

/**
 * The immediate of a load or store: the effective address is the popped address plus
 * {@code offset}, so generators put a tile's constant displacements here instead of adding them.
 *
 * @param alignLog2 promised alignment as a power of two; only a hint, misaligned accesses still work
 * @param offset    unsigned byte offset added to the address operand
 */
public record MemArg(int alignLog2, int offset) {

    static final int NOT_A_MEMORY_ACCESS = -1;

    public MemArg {
        if (alignLog2 < 0) {
            throw new IllegalArgumentException("negative alignment exponent: " + alignLog2);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative memory offset: " + offset);
        }
    }

    void writeTo(ByteSink out, int naturalAlignLog2) {
        // Validation rejects an alignment larger than the access itself.
        if (alignLog2 > naturalAlignLog2) {
            throw new IllegalArgumentException("alignment 2^" + alignLog2 + " exceeds the access width 2^" + naturalAlignLog2);
        }
        out.u32(alignLog2).u32(offset);
    }
}
