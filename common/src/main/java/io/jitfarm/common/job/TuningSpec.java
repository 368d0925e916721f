package io.jitfarm.common.job;

/** How long the tuner may search, and in which optimization space ({@code lite} or {@code full}). */
public record TuningSpec(double budgetS, String space) {
    public static final TuningSpec DEFAULT = new TuningSpec(30, "lite");
}
