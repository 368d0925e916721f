package io.jitfarm.common.result;

/** Summary of latency samples in milliseconds (all samples are kept beside it). */
public record SampleStats(int n, double medianMs, double p10Ms, double p90Ms, double minMs, double meanMs) {
}
