package io.jitfarm.cli;

import io.jitfarm.coordinator.store.Views;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Plain-text tables of runs and their jobs for the terminal. */
final class RunPrinter {
    private final PrintWriter out;

    RunPrinter(PrintWriter out) {
        this.out = out;
    }

    void runs(List<Views.Run> runs) {
        if (runs.isEmpty()) {
            out.println("no runs yet");
            return;
        }
        out.printf("%-44s %-10s %-20s %-28s %s%n", "RUN", "STATE", "SUBMITTED", "JOBS", "RESULTS");
        for (Views.Run run : runs) {
            out.printf("%-44s %-10s %-20s %-28s %d%n", run.id(), run.state(), run.submittedAt().substring(0, 19),
                    jobCounts(run), run.results());
        }
    }

    void run(Views.Run run) {
        out.printf("run %s (%s): %s, %s, %d result(s)%n", run.id(), run.source(), run.state(), jobCounts(run),
                run.results());
        out.printf("  %-16s %-8s %-7s %-10s %-8s %-7s %s%n", "DEVICE", "BACKEND", "THREADS", "STATE", "ATTEMPT",
                "RESULTS", "NOTE");
        for (Views.Job job : run.jobs()) {
            out.printf("  %-16s %-8s %-7d %-10s %-8s %-7d %s%n", job.deviceId(), job.backend(), job.threads(),
                    job.state(), job.attempts() + "/" + job.maxAttempts(), job.results(), note(job));
        }
    }

    static String jobCounts(Views.Run run) {
        return run.jobCount() + " job(s)" + (run.jobsByState().isEmpty() ? "" : ": " + run.jobsByState().entrySet()
                .stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
    }

    /** The reason of the job's last event, if it has one (why it failed or was retried). */
    private static String note(Views.Job job) {
        if (job.agentId() != null) {
            return "on " + job.agentId();
        }
        List<Views.Event> history = job.history();
        String reason = history == null || history.isEmpty() ? null : history.get(history.size() - 1).reason();
        return reason == null || reason.equals("submitted") ? "" : reason;
    }
}
