package io.jitfarm.agent.job;

/** A job attempt that could not complete; {@code log} is what the browser and page said meanwhile. */
public final class JobFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String log;

    public JobFailure(String reason, String log, Throwable cause) {
        super(reason, cause, false, false);
        this.log = log;
    }

    public String log() {
        return log;
    }
}
