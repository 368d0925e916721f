package io.jitfarm.cli.dashboards;

import java.util.List;
import java.util.Map;

/**
 * What one query of a dashboard gave.
 *
 * @param influxQl the query as sent, variables filled in; as written when filling failed
 * @param rows     the rows it returned; none unless {@link Status#OK}
 * @param error    why it failed; null unless {@link Status#ERROR}
 */
public record QueryOutcome(String where, String influxQl, Status status, List<Map<String, Object>> rows,
                           String error) {

    public enum Status {
        OK, EMPTY, ERROR
    }

    public QueryOutcome {
        rows = List.copyOf(rows);
    }

    static QueryOutcome answered(String where, String influxQl, List<Map<String, Object>> rows) {
        return new QueryOutcome(where, influxQl, rows.isEmpty() ? Status.EMPTY : Status.OK, rows, null);
    }

    static QueryOutcome failed(String where, String influxQl, String error) {
        return new QueryOutcome(where, influxQl, Status.ERROR, List.of(), error);
    }
}
