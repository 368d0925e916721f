package io.jitfarm.cli.dashboards;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs every query of a dashboard as Grafana would on opening it: first the variables, in order, each
 * query filled with the values of those before it; then every panel and annotation query with all of them.
 */
public final class DashboardCheck {
    private static final String TIME_FILTER = "timeFilter";
    private static final String INTERVAL = "__interval";
    // SHOW TAG VALUES answers with rows of key and value
    private static final String OPTION_COLUMN = "value";

    private final Function<String, List<Map<String, Object>>> influx;
    private final Map<String, String> chosen;

    /**
     * @param influx runs InfluxQL and returns its rows, throwing when InfluxDB reports an error
     * @param chosen values to use for variables instead of the dashboard's saved selection, e.g. a run id
     */
    public DashboardCheck(Function<String, List<Map<String, Object>>> influx, Map<String, String> chosen) {
        this.influx = influx;
        this.chosen = Map.copyOf(chosen);
    }

    public List<QueryOutcome> run(Dashboard dashboard) {
        Map<String, String> values = new HashMap<>();
        values.put(TIME_FILTER, dashboard.range().condition());
        values.put(INTERVAL, dashboard.range().interval());
        List<QueryOutcome> outcomes = new ArrayList<>();
        for (Variable variable : dashboard.variables()) {
            QueryOutcome outcome = run(new DashboardQuery("variable $" + variable.name(), variable.query()), values);
            outcomes.add(outcome);
            List<String> options = outcome.rows().stream().map(row -> row.get(OPTION_COLUMN))
                    .filter(Objects::nonNull).map(String::valueOf).distinct().toList();
            String choice = chosen.get(variable.name());
            values.put(variable.name(), choice != null ? variable.text(choice) : variable.text(options));
        }
        for (DashboardQuery query : dashboard.queries()) {
            outcomes.add(run(query, values));
        }
        return outcomes;
    }

    private QueryOutcome run(DashboardQuery query, Map<String, String> values) {
        String filled;
        try {
            filled = QueryText.fill(query.influxQl(), values);
        } catch (IllegalArgumentException e) {
            return QueryOutcome.failed(query.where(), query.influxQl(), e.getMessage());
        }
        try {
            return QueryOutcome.answered(query.where(), filled, influx.apply(filled));
        } catch (RuntimeException e) {
            return QueryOutcome.failed(query.where(), filled, e.getMessage());
        }
    }
}
