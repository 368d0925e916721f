package io.jitfarm.coordinator.regression;

/** What a kernel time is compared by across runs: where it ran, and which engine ran which workload. */
public record KernelKey(String deviceId, String backend, int threads, String op, String shape, String engine) {

    /** E.g. {@code matmul 128x768x768 by jitfarm on local-chromium (wasm, 2 threads)}. */
    String describe() {
        return op + " " + shape + " by " + engine + " on " + deviceId + " (" + backend + ", " + threads + " thread"
                + (threads == 1 ? "" : "s") + ")";
    }
}
