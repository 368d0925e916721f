package io.jitfarm.jit.op;

/**
 * How a kernel call uses the memory one pointer parameter addresses.
 *
 * @param pointer  the parameter's name, e.g. {@code xPtr}
 * @param elements the elements read or written from the pointer on (4 bytes each)
 */
public record BufferUse(String pointer, Access access, ElementType type, long elements) {

    public enum Access {
        READ,
        /** Every element is overwritten. */
        WRITE,
        /** Some elements are overwritten and the others kept: a KV cache an append extends. */
        UPDATE;

        public boolean writes() {
            return this != READ;
        }
    }

    public enum ElementType {
        F32,
        /** Token ids. */
        I32
    }

    public BufferUse {
        if (elements < 0) {
            throw new IllegalArgumentException(pointer + ": negative element count " + elements);
        }
    }

    public static BufferUse read(String pointer, long elements) {
        return new BufferUse(pointer, Access.READ, ElementType.F32, elements);
    }

    public static BufferUse write(String pointer, long elements) {
        return new BufferUse(pointer, Access.WRITE, ElementType.F32, elements);
    }
}
