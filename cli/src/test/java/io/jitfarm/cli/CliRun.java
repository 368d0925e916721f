package io.jitfarm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The {@code jitfarm} command run in-process, as a user would type it, with what it printed.
 *
 * @param exit its exit code
 */
record CliRun(int exit, String out, String err) {

    static CliRun jitfarm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Jitfarm.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
