package io.jitfarm.cli.report;

/** A typed result with the job it came from. */
public record Measured<T>(JobContext job, T value) {
}
