package io.jitfarm.common.job;

/** Timing rules: discard {@code warmup} runs, then sample until both {@code repeats} and {@code minTimeMs} are met. */
public record MeasureSpec(int warmup, int repeats, int minTimeMs) {
    public static final MeasureSpec DEFAULT = new MeasureSpec(3, 20, 200);
}
