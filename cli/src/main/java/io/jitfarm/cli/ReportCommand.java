package io.jitfarm.cli;

import io.jitfarm.cli.report.BootstrapRatio;
import io.jitfarm.cli.report.PlainTextTable;
import io.jitfarm.cli.report.RecordedRun;
import io.jitfarm.cli.report.Report;
import io.jitfarm.cli.report.ReportFiles;
import io.jitfarm.cli.report.RunResultsFile;
import io.jitfarm.coordinator.CoordinatorOptions;
import io.jitfarm.coordinator.results.RunFolder;
import io.jitfarm.coordinator.store.Views;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a run's report into its folder: report.md, its charts as SVG files",
            "beside it, and a self-contained report.html.",
            "Sections: jitfarm's speedup over each engine with 95 %% bootstrap intervals;",
            "tuning (time to best, candidates, compile cost per candidate, convergence);",
            "memory and QoE; the nnJIT paper's claims beside this run's figures.",
            "Reads DIR/runs/RUN/results.jsonl, so it works after the farm is gone, or the",
            "coordinator's API with --coordinator. Prints the speedup table.",
            "Exits 0 when the report is written, 1 when the run has no results or cannot",
            "be read."})
final class ReportCommand extends Subcommand {

    @Parameters(paramLabel = "RUN", description = "The run id, e.g. matmul-speedup-20261123-012457-24da.")
    String runId;

    @Option(names = "--data-dir", defaultValue = CoordinatorOptions.DEFAULT_DATA_DIR, paramLabel = "DIR",
            description = "Where runs are kept; the run is read from DIR/runs/RUN/results.jsonl (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--coordinator", paramLabel = "URL", description = "Read the run from this coordinator instead, "
            + "e.g. http://127.0.0.1:8420.")
    URI coordinator;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the report here (default: DIR/runs/RUN/ of --data-dir).")
    Path outDir;

    @Override
    public Integer call() {
        Optional<RecordedRun> run;
        try {
            run = coordinator != null ? fromCoordinator() : fromRunFolder();
        } catch (IOException | UncheckedIOException e) {
            err().println("jitfarm report: " + e.getMessage());
            return 1;
        }
        if (run.isEmpty()) {
            return 1;
        }
        out().printf("computing speedups with 95 %% bootstrap intervals (%d resamples per ratio) and drawing charts%n",
                BootstrapRatio.DEFAULT_RESAMPLES);
        out().flush();
        Report report = Report.of(run.get(), new BootstrapRatio());
        Path folder = outDir != null ? outDir : new RunFolder(dataDir, runId).path();
        try {
            ReportFiles.write(report, folder).forEach(file -> out().println("wrote " + file));
        } catch (IOException e) {
            err().println("jitfarm report: cannot write the report into " + folder + ": " + e.getMessage());
            return 1;
        }
        out().println();
        new PlainTextTable().print(report.mainTable(), out());
        return 0;
    }

    private Optional<RecordedRun> fromRunFolder() throws IOException {
        Path file = new RunFolder(dataDir, runId).resultsFile();
        if (!Files.exists(file)) {
            err().println("jitfarm report: no results for run " + runId + " (" + file.toAbsolutePath()
                    + " does not exist; use --data-dir or --coordinator)");
            return Optional.empty();
        }
        List<Views.Result> results = RunResultsFile.read(file);
        out().printf("read %s: %d result(s)%n", file, results.size());
        return withResults(new RecordedRun(runId, RunResultsFile.experimentOf(runId), results));
    }

    private Optional<RecordedRun> fromCoordinator() {
        CoordinatorClient client = new CoordinatorClient(coordinator);
        Optional<Views.Run> run = client.run(runId);
        if (run.isEmpty()) {
            err().println("jitfarm report: the coordinator at " + coordinator + " has no run " + runId);
            return Optional.empty();
        }
        List<Views.Result> results = client.results(runId);
        out().printf("read run %s from %s: %s, %d result(s)%n", runId, coordinator, run.get().state(), results.size());
        return withResults(new RecordedRun(runId, run.get().experiment(), results));
    }

    private Optional<RecordedRun> withResults(RecordedRun run) {
        if (run.results().isEmpty()) {
            err().println("jitfarm report: run " + runId + " has no results yet (results are published when a job succeeds)");
            return Optional.empty();
        }
        return Optional.of(run);
    }
}
