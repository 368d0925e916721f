package io.jitfarm.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jitfarm.cli.dashboards.QueryOutcome.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The check against a stand-in for InfluxDB that answers from a table of queries. */
class DashboardCheckTest {
    private static final Variable DEVICE = new Variable("device", "SHOW TAG VALUES WITH KEY = \"device\"", true, true,
            Optional.empty(), List.of(Variable.ALL));
    private static final Variable RUN = new Variable("run",
            "SHOW TAG VALUES WITH KEY = \"run\" WHERE \"device\" =~ /^$device$/", true, true, Optional.empty(),
            List.of(Variable.ALL));
    private static final String PANEL = "SELECT \"fps\" FROM \"frames\" WHERE \"device\" =~ /^$device$/ "
            + "AND \"run\" =~ /^$run$/ AND $timeFilter GROUP BY time($__interval)";

    private final List<String> sent = new ArrayList<>();

    private static List<Map<String, Object>> tagValues(String key, String... values) {
        return List.of(values).stream().<Map<String, Object>>map(value -> Map.of("key", key, "value", value)).toList();
    }

    private List<Map<String, Object>> influx(String influxQl) {
        sent.add(influxQl);
        if (influxQl.equals("SHOW TAG VALUES WITH KEY = \"device\"")) {
            // a row per measurement that has the value: the same value comes more than once
            return Stream.of(tagValues("device", "d1", "d2"), tagValues("device", "d2")).flatMap(List::stream).toList();
        }
        if (influxQl.startsWith("SHOW TAG VALUES WITH KEY = \"run\"")) {
            return tagValues("run", "r1", "r2");
        }
        if (influxQl.contains("syntax")) {
            throw new IllegalStateException("error parsing query: found syntax");
        }
        return influxQl.contains("\"frames\"") ? List.of(Map.of("fps", 60.0)) : List.of();
    }

    private static Dashboard dashboard(List<DashboardQuery> queries) {
        return new Dashboard("qoe.json", "QoE", new TimeRange(1, "h"), List.of(DEVICE, RUN), queries);
    }

    @Test
    void resolvesVariablesInOrderEachWithTheValuesOfThoseBeforeIt() {
        List<QueryOutcome> outcomes = new DashboardCheck(this::influx, Map.of())
                .run(dashboard(List.of(new DashboardQuery("panel 1 \"FPS\" query A", PANEL))));

        assertThat(sent).containsExactly(
                "SHOW TAG VALUES WITH KEY = \"device\"",
                "SHOW TAG VALUES WITH KEY = \"run\" WHERE \"device\" =~ /^(d1|d2)$/",
                "SELECT \"fps\" FROM \"frames\" WHERE \"device\" =~ /^(d1|d2)$/ AND \"run\" =~ /^(r1|r2)$/ "
                        + "AND time >= now() - 1h AND time <= now() GROUP BY time(4s)");
        assertThat(outcomes).extracting(QueryOutcome::where, QueryOutcome::status).containsExactly(
                tuple("variable $device", Status.OK),
                tuple("variable $run", Status.OK),
                tuple("panel 1 \"FPS\" query A", Status.OK));
    }

    @Test
    void aChosenValueOverridesTheSavedSelection() {
        new DashboardCheck(this::influx, Map.of("run", "r2"))
                .run(dashboard(List.of(new DashboardQuery("panel 1 \"FPS\" query A", PANEL))));

        assertThat(sent.get(2)).contains("\"run\" =~ /^(r2)$/");
    }

    @Test
    void tellsNoRowsFromAnErrorAndKeepsTheQueryAsSent() {
        List<QueryOutcome> outcomes = new DashboardCheck(this::influx, Map.of()).run(dashboard(List.of(
                new DashboardQuery("panel 2 \"Memory\" query A", "SELECT * FROM \"memory\" WHERE $timeFilter"),
                new DashboardQuery("panel 3 \"Typo\" query A", "SELECT syntax"),
                new DashboardQuery("panel 4 \"Unknown\" query A", "SELECT * FROM x WHERE \"op\" =~ /^$op$/"))));

        assertThat(outcomes.subList(2, 5)).containsExactly(
                new QueryOutcome("panel 2 \"Memory\" query A",
                        "SELECT * FROM \"memory\" WHERE time >= now() - 1h AND time <= now()", Status.EMPTY, List.of(),
                        null),
                new QueryOutcome("panel 3 \"Typo\" query A", "SELECT syntax", Status.ERROR, List.of(),
                        "error parsing query: found syntax"),
                new QueryOutcome("panel 4 \"Unknown\" query A", "SELECT * FROM x WHERE \"op\" =~ /^$op$/",
                        Status.ERROR, List.of(), "uses $op, which is no variable defined before it"));
    }
}
