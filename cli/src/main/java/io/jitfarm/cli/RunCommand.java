package io.jitfarm.cli;

import io.jitfarm.coordinator.CoordinatorOptions;
import io.jitfarm.coordinator.store.Views;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an experiment file and show its progress.",
            "With --coordinator the run is submitted there; without it, jitfarm starts the embedded default",
            "on 127.0.0.1: a coordinator with its data in --data-dir, for the devices of --devices.",
            "Exits 0 when every job succeeded, 1 when the file is rejected or a job failed."})
final class RunCommand extends Subcommand {

    @Parameters(paramLabel = "FILE", description = "The experiment file (YAML).")
    Path file;

    @Option(names = "--coordinator", paramLabel = "URL", description = "Submit to this coordinator, e.g. http://127.0.0.1:8420.")
    URI coordinator;

    @Option(names = "--data-dir", defaultValue = CoordinatorOptions.DEFAULT_DATA_DIR,
            description = "Embedded default: where runs and results are kept (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--devices", defaultValue = "devices.yaml", paramLabel = "FILE",
            description = "Embedded default: the device inventory (default: ${DEFAULT-VALUE}).")
    Path devices;

    @Option(names = "--influx", paramLabel = "URL",
            description = "Embedded default: an InfluxDB 1.x to use instead of starting a private influxd.")
    URI influx;

    @Option(names = "--detach", description = "Return once the run is accepted instead of following it.")
    boolean detach;

    @Override
    public Integer call() throws InterruptedException {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            err().println("jitfarm run: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        if (coordinator != null) {
            return submitAndFollow(new CoordinatorClient(coordinator), yaml, false);
        }
        out().println("starting the embedded default on 127.0.0.1: influxd, coordinator and one agent (data in "
                + dataDir.toAbsolutePath() + ")");
        try (EmbeddedFarm farm = EmbeddedFarm.start(dataDir, devices, Optional.ofNullable(influx))) {
            int exit = submitAndFollow(new CoordinatorClient(farm.coordinator()), yaml, true);
            out().println("metrics are in InfluxDB at " + farm.influx() + " (database jitfarm)");
            return exit;
        }
    }

    private int submitAndFollow(CoordinatorClient client, String yaml, boolean embedded) throws InterruptedException {
        Views.Run run;
        try {
            run = client.submit(file.toString(), yaml);
        } catch (CoordinatorClient.Refused refused) {
            refused.errors.forEach(err()::println);
            err().println("jitfarm run: " + refused.getMessage() + "; nothing was queued");
            return 1;
        }
        RunPrinter printer = new RunPrinter(out());
        out().println("accepted:");
        printer.run(run);
        if (detach && !embedded) {
            out().println("following is off (--detach); check with: jitfarm status --coordinator URL " + run.id());
            return 0;
        }
        out().println("following " + run.id() + " (Ctrl-C stops following, not the run)");
        Views.Run done = new RunFollower(client, out(), Duration.ofSeconds(1)).follow(run.id());
        printer.run(client.run(run.id()).orElse(done));
        new ResultTable(out()).print(client.run(run.id()).orElse(done), client.results(run.id()));
        if (embedded) {
            out().println("\nresults as JSON lines: " + dataDir.resolve("runs").resolve(run.id()).resolve("results.jsonl"));
            out().println("report (Markdown + HTML with charts): jitfarm report " + run.id() + " --data-dir " + dataDir);
        }
        return done.state().equals("succeeded") ? 0 : 1;
    }
}
