package io.jitfarm.cli.dashboards;

/**
 * One InfluxQL text of a dashboard, still with Grafana's variables in it.
 *
 * @param where what a reader finds it by, e.g. {@code panel 3 "Agents" query A}
 */
public record DashboardQuery(String where, String influxQl) {
}
