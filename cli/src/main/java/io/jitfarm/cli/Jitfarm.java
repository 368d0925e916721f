package io.jitfarm.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jitfarm} command. */
@Command(name = "jitfarm", mixinStandardHelpOptions = true, version = "jitfarm 0.1.0",
        description = "Just-in-time DL kernels measured on a farm of real browsers.",
        subcommands = {RunCommand.class, CoordinatorCommand.class, AgentCommand.class, StatusCommand.class,
            ValidateCommand.class,
            CompileCostCommand.class, ReportCommand.class,
            DashboardsCommand.class,
            CommandLine.HelpCommand.class})
public final class Jitfarm implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Selenium and influxdb-java log through java.util.logging: send it to the same place as ours
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Jitfarm()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
