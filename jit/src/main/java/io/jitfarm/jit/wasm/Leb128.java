package io.jitfarm.jit.wasm;

import java.io.ByteArrayOutputStream;

/** LEB128, the variable-length integer encoding of every count, index and constant in a module. */
final class Leb128 {

    private static final int PAYLOAD_BITS = 7;
    private static final int PAYLOAD_MASK = 0x7F;
    private static final int CONTINUATION = 0x80;
    private static final int SIGN_BIT = 0x40;

    private Leb128() {
    }

    /** Encodes a value read as unsigned; callers pass u32 values widened with {@link Integer#toUnsignedLong}. */
    static byte[] unsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("unsigned LEB128 of a negative value: " + value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(5);
        do {
            int payload = (int) (value & PAYLOAD_MASK);
            value >>>= PAYLOAD_BITS;
            out.write(value == 0 ? payload : payload | CONTINUATION);
        } while (value != 0);
        return out.toByteArray();
    }

    static byte[] signed(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(5);
        boolean more;
        do {
            int payload = (int) (value & PAYLOAD_MASK);
            value >>= PAYLOAD_BITS;
            // Stop once the remaining bits are pure sign extension of the payload's top bit.
            boolean signOfPayload = (payload & SIGN_BIT) != 0;
            more = !((value == 0 && !signOfPayload) || (value == -1 && signOfPayload));
            out.write(more ? payload | CONTINUATION : payload);
        } while (more);
        return out.toByteArray();
    }
}
