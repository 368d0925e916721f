package io.jitfarm.jit.kernel;

/**
 * Which axis of C is cut into one contiguous range of whole register tiles per thread. The ranges
 * are balanced to within one tile, and are computed in the kernel from the thread index and count
 * it is called with, so one kernel serves any number of threads.
 */
public enum ThreadSplit {
    /** Each thread computes a band of rows of C, reading all of B. */
    M(Axis.M),
    /** Each thread computes a band of columns of C, reading all of A. */
    N(Axis.N);

    private final Axis axis;

    ThreadSplit(Axis axis) {
        this.axis = axis;
    }

    public Axis axis() {
        return axis;
    }

    public String id() {
        return "split" + name();
    }
}
