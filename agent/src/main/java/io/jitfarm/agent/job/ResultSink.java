package io.jitfarm.agent.job;

/** Where a job's results go: numbered, spooled to disk and sent to the coordinator. */
@FunctionalInterface
public interface ResultSink {
    /** {@code payload} is any value Jackson can write (a record, a JSON node). */
    void emit(String kind, Object payload);
}
