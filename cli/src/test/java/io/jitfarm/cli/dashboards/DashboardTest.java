package io.jitfarm.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardTest {
    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("trend.json"), json);
    }

    @Test
    void readsTitleRangeVariablesInOrderAndEveryPanelAndAnnotationQuery() throws IOException {
        Dashboard dashboard = Dashboard.load(file("""
                {"title": "Trend", "time": {"from": "now-30d", "to": "now"},
                 "templating": {"list": [
                   {"type": "query", "name": "device", "query": "SHOW TAG VALUES WITH KEY = \\"device\\"",
                    "multi": true, "includeAll": true, "current": {"text": ["All"], "value": ["$__all"]}},
                   {"type": "query", "name": "model", "query": {"query": "SHOW TAG VALUES WITH KEY = \\"model\\"",
                    "refId": "InfluxVariableQueryEditor-VariableQuery"}, "multi": true, "includeAll": true,
                    "allValue": ".*"},
                   {"type": "query", "name": "baseline", "query": "SHOW TAG VALUES WITH KEY = \\"engine\\"",
                    "current": {"text": "tfjs", "value": "tfjs"}}]},
                 "panels": [
                   {"id": 4, "title": "Latency", "targets": [
                     {"refId": "A", "rawQuery": true, "query": "SELECT 1 FROM a"},
                     {"refId": "B", "rawQuery": true, "query": "SELECT 2 FROM b"}]}],
                 "annotations": {"list": [{"name": "Regressions",
                   "target": {"refId": "Anno", "rawQuery": true, "query": "SELECT \\"text\\" FROM r"}}]}}
                """));

        assertThat(dashboard.file()).isEqualTo("trend.json");
        assertThat(dashboard.title()).isEqualTo("Trend");
        assertThat(dashboard.range()).isEqualTo(new TimeRange(30, "d"));
        assertThat(dashboard.variables()).containsExactly(
                new Variable("device", "SHOW TAG VALUES WITH KEY = \"device\"", true, true, Optional.empty(),
                        List.of(Variable.ALL)),
                new Variable("model", "SHOW TAG VALUES WITH KEY = \"model\"", true, true, Optional.of(".*"), List.of()),
                new Variable("baseline", "SHOW TAG VALUES WITH KEY = \"engine\"", false, false, Optional.empty(),
                        List.of("tfjs")));
        assertThat(dashboard.queries()).containsExactly(
                new DashboardQuery("panel 4 \"Latency\" query A", "SELECT 1 FROM a"),
                new DashboardQuery("panel 4 \"Latency\" query B", "SELECT 2 FROM b"),
                new DashboardQuery("annotation \"Regressions\"", "SELECT \"text\" FROM r"));
    }

    @Test
    void refusesAQueryBuiltInGrafanasEditorBecauseOnlyRawInfluxQlCanBeRunAsItIs() throws IOException {
        Path built = file("""
                {"time": {"from": "now-1h", "to": "now"}, "panels": [{"id": 1, "title": "Built",
                  "targets": [{"refId": "A", "measurement": "frames", "select": [[{"type": "field"}]]}]}]}
                """);

        assertThatThrownBy(() -> Dashboard.load(built)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trend.json: panel 1 \"Built\" query A is no raw InfluxQL query "
                        + "(rawQuery true with query text)");
    }

    @Test
    void refusesAVariableThatIsNoQueryNamingIt() throws IOException {
        Path custom = file("""
                {"time": {"from": "now-1h", "to": "now"},
                 "templating": {"list": [{"type": "custom", "name": "placement", "query": "main,worker"}]}}
                """);

        assertThatThrownBy(() -> Dashboard.load(custom)).hasMessage(
                "trend.json: variable $placement is of type custom; only query variables can be checked");
    }
}
