package io.jitfarm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "dashboards", mixinStandardHelpOptions = true,
        description = "Work with the Grafana dashboards in dashboards/json.",
        subcommands = {DashboardsCheckCommand.class})
final class DashboardsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
