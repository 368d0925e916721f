package io.jitfarm.jit.tools;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The initial contents of a kernel's memory, built buffer by buffer. Buffers are separated by gaps of
 * 5 floats (20 bytes) of a guard pattern, so they start at addresses that are not 16-byte aligned
 * (which kernels must not depend on) and a write past a buffer lands where the runner sees it.
 */
public final class MemoryImage {

    private static final int GAP_BYTES = 5 * Float.BYTES;
    private static final byte GUARD = (byte) 0xA5;

    private ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private int size;

    /** Reserves {@code floats} 4-byte elements after a gap; returns their byte offset. */
    public int allocate(long floats) {
        int gap = size;
        int offset = Math.addExact(gap, GAP_BYTES);
        grow(Math.addExact(offset, Math.toIntExact(Math.multiplyExact(floats, Float.BYTES))));
        Arrays.fill(bytes.array(), gap, offset, GUARD);
        return offset;
    }

    /** Writes the values rounded to fp32. */
    public void putFloats(int offset, double[] values) {
        for (int i = 0; i < values.length; i++) {
            bytes.putFloat(offset + i * Float.BYTES, (float) values[i]);
        }
    }

    public void putInts(int offset, double[] values) {
        for (int i = 0; i < values.length; i++) {
            bytes.putInt(offset + i * Integer.BYTES, (int) values[i]);
        }
    }

    /** NaN in an output shows which elements a kernel did not write. */
    public void fillNaN(int offset, long floats) {
        for (int i = 0; i < floats; i++) {
            bytes.putFloat(offset + i * Float.BYTES, Float.NaN);
        }
    }

    /** Bytes used so far. */
    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes.array(), size);
    }

    private void grow(int newSize) {
        if (newSize > bytes.capacity()) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(newSize, 2 * bytes.capacity())).order(ByteOrder.LITTLE_ENDIAN);
            larger.put(0, bytes.array(), 0, size);
            bytes = larger;
        }
        size = newSize;
    }
}
