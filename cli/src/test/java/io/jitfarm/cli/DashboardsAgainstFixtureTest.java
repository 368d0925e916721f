package io.jitfarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.jitfarm.cli.dashboards.Dashboard;
import io.jitfarm.cli.dashboards.DashboardCheck;
import io.jitfarm.coordinator.metrics.InfluxServer;
import io.jitfarm.coordinator.metrics.MetricsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped dashboards against a real influxd holding {@link InfluxSchemaFixture}'s points: the check
 * command, and the figures the trickier queries compute.
 */
class DashboardsAgainstFixtureTest {
    private static final Offset<Double> CLOSE = within(1e-9);
    private static final Path DASHBOARDS = Path.of("..", "dashboards", "json").toAbsolutePath().normalize();

    @TempDir
    static Path influxDir;
    private static InfluxServer influx;
    private static MetricsWriter connection;

    @TempDir
    Path dir;

    @BeforeAll
    static void startInfluxWithTheFixture() throws IOException {
        influx = InfluxServer.start(influxDir);
        connection = MetricsWriter.connect(influx.url(), InfluxServer.DATABASE);
        InfluxSchemaFixture.writeRun(connection, 30);
    }

    @AfterAll
    static void stopInflux() {
        connection.close();
        influx.close();
    }

    /** The rows of one query of a shipped dashboard, run as the check runs it. */
    private static List<Map<String, Object>> rows(String file, String where) throws IOException {
        return new DashboardCheck(connection::query, Map.of()).run(Dashboard.load(DASHBOARDS.resolve(file))).stream()
                .filter(outcome -> outcome.where().equals(where)).findFirst().orElseThrow().rows();
    }

    private static double speedup(String where) throws IOException {
        List<Map<String, Object>> rows = rows("speedup.json", where);
        assertThat(rows).as(where).hasSize(1);
        return (Double) rows.get(0).get("speedup");
    }

    private static double sum(List<Map<String, Object>> rows, String column) {
        return rows.stream().mapToDouble(row -> (Double) row.get(column)).sum();
    }

    private static CliRun check(String... options) {
        return CliRun.jitfarm(Stream.concat(Stream.of("dashboards", "check", "--influx", influx.url().toString()),
                Stream.of(options)).toArray(String[]::new));
    }

    @Test
    void everyQueryOfEveryShippedDashboardReturnsRowsOnTheFixture() {
        CliRun outcome = check("--dashboards", DASHBOARDS.toString());

        assertThat(outcome.out()).doesNotContain("EMPTY  ", "ERROR  ");
        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.exit()).isZero();
        assertThat(outcome.out()).contains("jitfarm: speedup (speedup.json)")
                .contains("OK     variable $baseline: 4 row(s)")
                .contains("OK     annotation \"Regressions\": 1 row(s)")
                .contains("5 dashboard(s), 0 unreadable; queries: ");
    }

    @Test
    void aChosenRunFillsTheRunVariable() {
        CliRun fixtureRun = check("--dashboards", DASHBOARDS.toString(), "--run", InfluxSchemaFixture.RUN);
        CliRun otherRun = check("--dashboards", DASHBOARDS.toString(), "--run", "no-such-run");

        assertThat(fixtureRun.exit()).as(fixtureRun.out()).isZero();
        assertThat(otherRun.exit()).isEqualTo(1);
        assertThat(otherRun.out()).contains("EMPTY  panel 1 \"Speedup of jitfarm over $baseline per kernel\"")
                .contains("\"run\" =~ /^(no-such-run)$/");
    }

    @Test
    void aQueryWithoutRowsOrWithAnErrorFailsTheCheckNamingDashboardPanelAndQuery() throws IOException {
        String panels = """
                [{"id": 1, "title": "Typo", "type": "table", "targets": [{"refId": "A", "rawQuery": true,
                   "query": "SELECT \\"median_ms\\" FROM \\"kernel_bets\\" WHERE $timeFilter"}]},
                 {"id": 2, "title": "Broken", "type": "table", "targets": [{"refId": "A", "rawQuery": true,
                   "query": "SELECT FROM WHERE"}]}]""";
        Files.writeString(dir.resolve("broken.json"), """
                {"title": "Broken", "time": {"from": "now-1h", "to": "now"}, "templating": {"list": []},
                 "panels": %s}""".formatted(panels));

        CliRun outcome = check("--dashboards", dir.toString());

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.out()).contains("Broken (broken.json)")
                .contains("EMPTY  panel 1 \"Typo\" query A: no rows from")
                .contains("SELECT \"median_ms\" FROM \"kernel_bets\" WHERE time >= now() - 1h AND time <= now()")
                .contains("ERROR  panel 2 \"Broken\" query A: ")
                .contains("queries: 0 OK, 1 EMPTY, 1 ERROR");
    }

    @Test
    void aMissingDatabaseIsReportedOnceInsteadOfFailingEveryQuery() {
        CliRun outcome = check("--dashboards", DASHBOARDS.toString(), "--database", "nodb");

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err()).contains("has no database nodb");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void speedupIsTheBaselinesMedianOverJitfarmsForKernelsAndModels() throws IOException {
        // the fixture's ort-web is 3 times slower than jitfarm on the kernel, 110 ms against 80 on the model
        assertThat(speedup("panel 1 \"Speedup of jitfarm over $baseline per kernel\" query A")).isCloseTo(3.0, CLOSE);
        assertThat(speedup("panel 2 \"Speedup over $baseline by device, backend and threads\" query A"))
                .isCloseTo(3.0, CLOSE);
        assertThat(speedup("panel 4 \"Model speedup of jitfarm over $baseline\" query A")).isCloseTo(1.375, CLOSE);
    }

    @Test
    void failuresAndRetriesAreCountedAmongAllStateChanges() throws IOException {
        List<Map<String, Object>> rows = rows("farm-overview.json", "panel 6 \"Failures and retries\" query A");

        assertThat(sum(rows, "failures")).isEqualTo(1.0);
        assertThat(sum(rows, "retries")).isEqualTo(1.0);
        assertThat(sum(rows, "state changes")).isEqualTo(6.0);
    }

    @Test
    void candidatesAreCountedValidAndInvalid() throws IOException {
        List<Map<String, Object>> perInterval = rows("kernel-tuning.json",
                "panel 4 \"Candidates measured: valid and invalid\" query A");
        List<Map<String, Object>> result = rows("kernel-tuning.json", "panel 2 \"Tuning result per kernel\" query A");

        assertThat(sum(perInterval, "valid")).isEqualTo(3.0);
        assertThat(sum(perInterval, "invalid")).isEqualTo(1.0);
        assertThat(result).singleElement().satisfies(row -> assertThat(row)
                .contains(entry("tried", 4.0), entry("valid", 3.0), entry("invalid", 1.0), entry("best ms", 3.9)));
    }
}
