package io.jitfarm.cli;

import io.jitfarm.coordinator.CoordinatorOptions;
import io.jitfarm.coordinator.store.Store;
import io.jitfarm.coordinator.store.Views;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show runs, or one run with its jobs.",
            "Reads a running coordinator with --coordinator, else the data directory directly."})
final class StatusCommand extends Subcommand {

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "A run id; without it, all runs.")
    String runId;

    @Option(names = "--coordinator", paramLabel = "URL", description = "A coordinator, e.g. http://127.0.0.1:8420.")
    URI coordinator;

    @Option(names = "--data-dir", defaultValue = CoordinatorOptions.DEFAULT_DATA_DIR,
            description = "Data directory to read when no coordinator is given (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() {
        if (coordinator != null) {
            return show(new CoordinatorClient(coordinator));
        }
        if (!Files.exists(dataDir.resolve(Store.FILE_NAME))) {
            err().println("no jitfarm data in " + dataDir.toAbsolutePath() + " (use --data-dir or --coordinator)");
            return 1;
        }
        try (Store store = Store.open(dataDir)) {
            return show(new RunSource() {
                @Override
                public List<Views.Run> runs() {
                    return store.runs();
                }

                @Override
                public Optional<Views.Run> run(String id) {
                    return store.run(id);
                }
            });
        }
    }

    private int show(RunSource source) {
        RunPrinter printer = new RunPrinter(out());
        if (runId == null) {
            printer.runs(source.runs());
            return 0;
        }
        Optional<Views.Run> run = source.run(runId);
        if (run.isEmpty()) {
            err().println("no run " + runId);
            return 1;
        }
        printer.run(run.get());
        return 0;
    }
}
