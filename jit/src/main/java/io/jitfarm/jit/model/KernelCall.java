package io.jitfarm.jit.model;

import java.util.HashMap;
import java.util.Map;

/**
 * One node of a plan, its pointers resolved to byte offsets in the plan's memory.
 *
 * @param pointers byte offset of each pointer parameter's tensor
 */
public record KernelCall(Node node, Map<String, Long> pointers) {

    public KernelCall {
        pointers = Map.copyOf(pointers);
    }

    /**
     * The i32 arguments of thread {@code threadIndex} of {@code threadCount}, in the node's calling
     * convention; {@code scratchPtr} is where each call's per-thread scratch starts (GEMMs that pack).
     */
    public int[] arguments(long scratchPtr, int threadIndex, int threadCount) {
        Map<String, Integer> byName = new HashMap<>(node.sizes());
        pointers.forEach((pointer, offset) -> byName.put(pointer, wasm32(offset)));
        byName.put("scratchPtr", wasm32(scratchPtr));
        byName.put("threadIndex", threadIndex);
        byName.put("threadCount", threadCount);
        return node.operation().convention().arguments(byName);
    }

    /** An address of a 32-bit memory as the i32 that carries it (above 2 GiB it reads negative). */
    private static int wasm32(long offset) {
        if (offset < 0 || offset > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("offset " + offset + " is outside a 32-bit memory");
        }
        return (int) offset;
    }
}
