package io.jitfarm.common.result;

/**
 * What a {@code result} message carries; the name doubles as the InfluxDB measurement where the
 * result has one (DESIGN section 5).
 */
public final class ResultKind {
    /** The page's environment report (user agent, features, limits): a JSON object as the page sent it. */
    public static final String ENVIRONMENT = "environment";
    /** One measured kernel variant: a {@link KernelResult}. */
    public static final String KERNEL_CANDIDATE = "kernel_candidate";
    /** The fastest valid variant of each engine for one op and shape in a job: a {@link KernelResult}. */
    public static final String KERNEL_BEST = "kernel_best";

    /** The tuner's best-so-far after each candidate: a {@link TuningProgress}. */
    public static final String TUNING_PROGRESS = "tuning_progress";
    /** One engine's run of a whole model: a {@link ModelResult}. */
    public static final String MODEL_LATENCY = "model_latency";
    /**
     * A quality-of-experience pass: a {@link QoeResult}. Not a measurement itself: it becomes
     * {@code memory}, {@code frames} and {@code responsiveness} points.
     */
    public static final String QOE = "qoe";
    /** What the microbenchmarks measured: the device profile and the raw samples behind it. */
    public static final String DEVICE_PROFILE = "device_profile";

    private ResultKind() {
    }
}
