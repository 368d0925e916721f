package io.jitfarm.cli;

import io.jitfarm.cli.dashboards.Dashboard;
import io.jitfarm.cli.dashboards.DashboardCheck;
import io.jitfarm.cli.dashboards.QueryOutcome;
import io.jitfarm.coordinator.metrics.InfluxServer;
import io.jitfarm.coordinator.metrics.MetricsWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Run every variable, panel and annotation query of the Grafana dashboards",
            "against InfluxDB as Grafana does on opening them: saved selections (All",
            "where a variable has it), default time range. Prints OK, EMPTY (no rows)",
            "or ERROR per query; exits 1 unless every query is OK."})
final class DashboardsCheckCommand extends Subcommand {
    private static final String RUN_VARIABLE = "run";

    @Option(names = "--influx", defaultValue = "http://127.0.0.1:8086", paramLabel = "URL",
            description = "The InfluxDB 1.x holding jitfarm's metrics (default: ${DEFAULT-VALUE}).")
    URI influx;

    @Option(names = "--database", defaultValue = InfluxServer.DATABASE, paramLabel = "NAME",
            description = "Its database (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = "--run", paramLabel = "RUN", description = "Check with $run set to this run instead of all runs.")
    String run;

    @Option(names = "--dashboards", defaultValue = "dashboards/json", paramLabel = "DIR",
            description = "The dashboard JSON files (default: ${DEFAULT-VALUE}).")
    Path dashboards;

    @Override
    public Integer call() {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dashboards)) {
            files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            err().println("jitfarm dashboards check: cannot list " + dashboards.toAbsolutePath() + ": " + e);
            return 1;
        }
        if (files.isEmpty()) {
            err().println("jitfarm dashboards check: no dashboard JSON in " + dashboards.toAbsolutePath());
            return 1;
        }
        try (MetricsWriter connection = MetricsWriter.connect(influx, database)) {
            String unusable = unusableDatabase(connection);
            if (unusable != null) {
                err().println("jitfarm dashboards check: " + unusable);
                return 1;
            }
            DashboardCheck check = new DashboardCheck(connection::query,
                    run == null ? Map.of() : Map.of(RUN_VARIABLE, run));
            return checkAll(files, check);
        }
    }

    private int checkAll(List<Path> files, DashboardCheck check) {
        Map<QueryOutcome.Status, Integer> counts = new EnumMap<>(QueryOutcome.Status.class);
        int unreadable = 0;
        for (Path file : files) {
            Dashboard dashboard;
            try {
                dashboard = Dashboard.load(file);
            } catch (IOException | IllegalArgumentException e) {
                err().println("ERROR  " + file + ": " + e.getMessage());
                unreadable++;
                continue;
            }
            out().println(dashboard.title() + " (" + dashboard.file() + ")");
            for (QueryOutcome outcome : check.run(dashboard)) {
                counts.merge(outcome.status(), 1, Integer::sum);
                print(outcome);
            }
        }
        out().printf("%d dashboard(s), %d unreadable; queries: %d OK, %d EMPTY, %d ERROR%n", files.size(),
                unreadable, counts.getOrDefault(QueryOutcome.Status.OK, 0),
                counts.getOrDefault(QueryOutcome.Status.EMPTY, 0), counts.getOrDefault(QueryOutcome.Status.ERROR, 0));
        boolean allOk = unreadable == 0 && counts.keySet().stream().allMatch(QueryOutcome.Status.OK::equals);
        return allOk ? 0 : 1;
    }

    private void print(QueryOutcome outcome) {
        switch (outcome.status()) {
            case OK -> out().printf("  OK     %s: %d row(s)%n", outcome.where(), outcome.rows().size());
            case EMPTY -> out().printf("  EMPTY  %s: no rows from%n         %s%n", outcome.where(), outcome.influxQl());
            case ERROR -> out().printf("  ERROR  %s: %s%n         %s%n", outcome.where(), outcome.error(),
                    outcome.influxQl());
        }
    }

    /** Without this, an unreachable InfluxDB or a misspelt database would fail every query alike. */
    private String unusableDatabase(MetricsWriter connection) {
        List<Map<String, Object>> databases;
        try {
            databases = connection.query("SHOW DATABASES");
        } catch (RuntimeException e) {
            return "cannot query InfluxDB at " + influx + ": " + rootMessage(e);
        }
        boolean exists = databases.stream().anyMatch(row -> database.equals(row.get("name")));
        return exists ? null : "InfluxDB at " + influx + " has no database " + database;
    }
}
