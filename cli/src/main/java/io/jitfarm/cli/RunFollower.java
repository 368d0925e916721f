package io.jitfarm.cli;

import io.jitfarm.coordinator.store.Views;
import java.io.PrintWriter;
import java.time.Duration;

/** Shows a run's progress until it ends: one line whenever its jobs or results change. */
final class RunFollower {
    private final RunSource source;
    private final PrintWriter out;
    private final Duration interval;

    RunFollower(RunSource source, PrintWriter out, Duration interval) {
        this.source = source;
        this.out = out;
        this.interval = interval;
    }

    /** Returns the finished run. */
    Views.Run follow(String runId) throws InterruptedException {
        long start = System.nanoTime();
        String last = "";
        while (true) {
            Views.Run run = source.run(runId).orElseThrow(() -> new IllegalStateException("run " + runId + " vanished"));
            String progress = run.state() + ": " + RunPrinter.jobCounts(run) + "; " + run.results() + " result(s)";
            if (!progress.equals(last)) {
                out.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, progress);
                last = progress;
            }
            if (run.isFinal()) {
                return run;
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
