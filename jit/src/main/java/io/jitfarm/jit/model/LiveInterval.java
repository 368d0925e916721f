package io.jitfarm.jit.model;

/**
 * The steps (node indices) during which a planned tensor's bytes must be kept: from the node that writes
 * it (-1 for inputs, which the page writes before the run) to the last node that reads it (the number of
 * nodes for outputs, which the page reads after it). Both ends are included, so a node's outputs never
 * share bytes with its inputs.
 */
public record LiveInterval(Tensor tensor, int start, int end) {

    public LiveInterval {
        if (end < start) {
            throw new IllegalArgumentException(tensor + " dies at " + end + " before it is born at " + start);
        }
    }

    public boolean overlaps(LiveInterval other) {
        return start <= other.end && other.start <= end;
    }

    public boolean contains(int step) {
        return start <= step && step <= end;
    }
}
