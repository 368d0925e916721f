package io.jitfarm.agent.profile;

import io.jitfarm.jit.profile.DeviceProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a device profile out of the page's raw microbenchmark samples ({@code run-microbenchmarks}).
 * Interference from other processes only ever adds time, so each point of a latency curve is the
 * minimum of its samples; every threshold is relative to the same curve, so the reading does not
 * depend on how fast the device is. The rules were fitted to recorded answers from this project's CI
 * machine (see the test resources) and checked against what lscpu says of it.
 */
public final class ProfileAnalysis {
    /** A rise past this factor over the best time so far means the accumulators no longer fit in registers. */
    static final double SPILL_STEP = 1.3;
    /** L1 to L2 is a clean step of about 3x; half of it marks the end of the L1 plateau. */
    static final double L1_STEP = 2.0;
    /** The L2 edge is smeared by TLB misses from about half its size on; it ends where latency has tripled. */
    static final double L2_STEP = 3.0;
    /** The register probe keeps two operands live besides its accumulators. */
    static final int PROBE_OPERANDS = 2;

    private ProfileAnalysis() {
    }

    /**
     * @param probes          the answer's {@code probes} object
     * @param relaxedSimd     whether the page validated relaxed SIMD (from its hello)
     * @param hardwareThreads {@code navigator.hardwareConcurrency} (from its hello)
     */
    public static DeviceProfile read(JsonObject probes, boolean relaxedSimd, int hardwareThreads) {
        TreeMap<Integer, Double> cache = curve(probes.getJsonObject("cache"), "bytes");
        int l1 = ceilPowerOfTwo(plateauEnd(cache, cache.firstKey(), L1_STEP));
        Integer l2Start = cache.higherKey(plateauEnd(cache, cache.firstKey(), L1_STEP));
        int l2 = l2Start == null ? l1 : ceilPowerOfTwo(plateauEnd(cache, l2Start, L2_STEP));
        return new DeviceProfile(simdRegisters(curve(probes.getJsonObject("registers"), "accumulators")), l1, l2,
                relaxedSimd, fmaSpeedup(probes.getJsonObject("fma")), hardwareThreads,
                threadScaling(curve(probes.getJsonObject("threads"), "threads")));
    }

    /**
     * The register file: the most accumulators that still ran at full speed, plus the probe's operands,
     * snapped to the nearest power of two, as register files are (16 on x86-64, 32 on ARM64). The
     * engine keeps a register or two for itself, which is what the snapping absorbs.
     */
    static int simdRegisters(TreeMap<Integer, Double> nsPerUpdate) {
        double best = Double.MAX_VALUE;
        int lastFast = nsPerUpdate.firstKey();
        for (var point : nsPerUpdate.entrySet()) {
            if (point.getValue() > best * SPILL_STEP) {
                break;
            }
            best = Math.min(best, point.getValue());
            lastFast = point.getKey();
        }
        return nearestPowerOfTwo(lastFast + PROBE_OPERANDS);
    }

    /** The largest size, from {@code start} on, whose latency stays within {@code step} of the latency at {@code start}. */
    static int plateauEnd(TreeMap<Integer, Double> nsPerLoad, int start, double step) {
        double floor = nsPerLoad.get(start);
        int end = start;
        for (var point : nsPerLoad.tailMap(start, false).entrySet()) {
            if (point.getValue() > floor * step) {
                break;
            }
            end = point.getKey();
        }
        return end;
    }

    static int ceilPowerOfTwo(int value) {
        return Integer.highestOneBit(value) == value ? value : Integer.highestOneBit(value) << 1;
    }

    static int nearestPowerOfTwo(int value) {
        int below = Integer.highestOneBit(value);
        return value - below <= (below << 1) - value ? below : below << 1;
    }

    static double fmaSpeedup(JsonObject fma) {
        JsonArray relaxed = fma.getJsonArray("relaxedMadd");
        return relaxed == null || relaxed.isEmpty() ? 1.0 : fastest(fma.getJsonArray("mulAdd")) / fastest(relaxed);
    }

    static List<Double> threadScaling(TreeMap<Integer, Double> msPerThreadCount) {
        double single = msPerThreadCount.firstEntry().getValue();
        return msPerThreadCount.values().stream().map(ms -> single / ms).toList();
    }

    /** The probe's points as parameter -> fastest of its samples. */
    static TreeMap<Integer, Double> curve(JsonObject probe, String parameter) {
        TreeMap<Integer, Double> curve = new TreeMap<>();
        for (Object point : probe.getJsonArray("points")) {
            JsonObject p = (JsonObject) point;
            curve.put(p.getInteger(parameter), fastest(p.getJsonArray("samples")));
        }
        if (curve.isEmpty()) {
            throw new IllegalArgumentException("probe without points: " + probe.encode());
        }
        return curve;
    }

    static double fastest(JsonArray samples) {
        return samples.stream().mapToDouble(v -> ((Number) v).doubleValue()).min()
                .orElseThrow(() -> new IllegalArgumentException("a point without samples"));
    }
}
