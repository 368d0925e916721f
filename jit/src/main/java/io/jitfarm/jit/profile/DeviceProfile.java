package io.jitfarm.jit.profile;

import java.util.List;

/**
 * What the microbenchmarks measured about one device, in the terms the optimization space needs
 * (DESIGN section 3). Measured in the page, never assumed from the user agent.
 *
 * @param simdRegisters     128-bit registers usable before a register-tiled kernel spills
 * @param l1Bytes           L1 data cache size
 * @param l2Bytes           L2 cache size
 * @param relaxedSimd       whether {@code f32x4.relaxed_madd} validates in this browser
 * @param fmaSpeedup        time of mul+add over time of relaxed_madd on a throughput loop (about 1 without hardware FMA)
 * @param hardwareThreads   {@code navigator.hardwareConcurrency}
 * @param threadScaling     speedup of a compute loop on 1..hardwareThreads workers; element 0 is 1.0
 */
public record DeviceProfile(int simdRegisters, int l1Bytes, int l2Bytes, boolean relaxedSimd, double fmaSpeedup,
                            int hardwareThreads, List<Double> threadScaling) {

    public DeviceProfile {
        threadScaling = List.copyOf(threadScaling);
    }
}
