package io.jitfarm.cli;

import io.jitfarm.common.config.ConfigException;
import io.jitfarm.common.device.Device;
import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.common.device.DeviceInventory;
import io.jitfarm.coordinator.experiment.Experiment;
import io.jitfarm.coordinator.experiment.ExperimentParser;
import io.jitfarm.coordinator.experiment.RunPlanner;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check experiment files without running them.",
            "Prints every error as FILE:LINE:COLUMN: KEY: MESSAGE; exits 1 if any file has one."})
final class ValidateCommand extends Subcommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Experiment files (YAML).")
    List<Path> files;

    @Option(names = "--devices", defaultValue = "devices.yaml", paramLabel = "FILE",
            description = "Device inventory the experiments may name (default: ${DEFAULT-VALUE}).")
    Path devices;

    @Override
    public Integer call() {
        List<DeviceDescriptor> known;
        try {
            known = DeviceInventory.load(devices).stream().map(Device::descriptor).toList();
        } catch (ConfigException e) {
            err().println(e.getMessage());
            return 1;
        }
        int bad = 0;
        for (Path file : files) {
            try {
                Experiment experiment = new ExperimentParser(known).parse(file);
                int jobs = RunPlanner.plan(experiment, "run", known).size();
                out().printf("%s: ok (%s, %d job(s) per run)%n", file, experiment.name(), jobs);
            } catch (ConfigException e) {
                err().println(e.getMessage());
                err().printf("%s: %d error(s)%n", file, e.errors().size());
                bad++;
            }
        }
        return bad == 0 ? 0 : 1;
    }
}
