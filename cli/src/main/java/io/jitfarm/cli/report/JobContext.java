package io.jitfarm.cli.report;

/** Where a result was measured: one job of the run is one device, one backend and one thread count. */
public record JobContext(String device, String backend, int threads) {

    /** Short form for row labels and chart legends, e.g. {@code local-chromium wasm t1}. */
    public String label() {
        return device + " " + backend + " t" + threads;
    }
}
