package io.jitfarm.cli.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What of a Grafana dashboard JSON file runs against InfluxDB: its query variables in the order Grafana
 * resolves them, and the raw InfluxQL of its panels and annotations.
 *
 * @param file  the file's name, e.g. {@code speedup.json}
 * @param range the default time range, which fills {@code $timeFilter} and {@code $__interval}
 */
public record Dashboard(String file, String title, TimeRange range, List<Variable> variables,
                        List<DashboardQuery> queries) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Dashboard {
        variables = List.copyOf(variables);
        queries = List.copyOf(queries);
    }

    /** @throws IllegalArgumentException when the dashboard holds something the check cannot run */
    public static Dashboard load(Path file) throws IOException {
        JsonNode json = JSON.readTree(file.toFile());
        String name = file.getFileName().toString();
        try {
            return new Dashboard(name, json.path("title").asText(name),
                    TimeRange.of(json.path("time").path("from").asText(), json.path("time").path("to").asText()),
                    variables(json), queries(json));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private static List<Variable> variables(JsonNode json) {
        List<Variable> variables = new ArrayList<>();
        for (JsonNode variable : json.path("templating").path("list")) {
            String name = variable.path("name").asText();
            if (!"query".equals(variable.path("type").asText())) {
                throw new IllegalArgumentException("variable $" + name + " is of type " + variable.path("type").asText()
                        + "; only query variables can be checked");
            }
            // Grafana stores a variable's InfluxQL as text, or since version 10 as an object holding it
            JsonNode query = variable.path("query");
            String allValue = variable.path("allValue").asText("");
            variables.add(new Variable(name, query.isObject() ? query.path("query").asText() : query.asText(),
                    variable.path("multi").asBoolean(), variable.path("includeAll").asBoolean(),
                    allValue.isEmpty() ? Optional.empty() : Optional.of(allValue),
                    textOrTexts(variable.path("current").path("value"))));
        }
        return variables;
    }

    private static List<DashboardQuery> queries(JsonNode json) {
        List<DashboardQuery> queries = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            String where = "panel " + panel.path("id").asText() + " \"" + panel.path("title").asText() + "\"";
            for (JsonNode target : panel.path("targets")) {
                queries.add(rawQuery(where + " query " + target.path("refId").asText(), target));
            }
        }
        for (JsonNode annotation : json.path("annotations").path("list")) {
            queries.add(rawQuery("annotation \"" + annotation.path("name").asText() + "\"", annotation.path("target")));
        }
        return queries;
    }

    /** Only raw InfluxQL is what it reads: a query built in Grafana's editor would have to be rebuilt here. */
    private static DashboardQuery rawQuery(String where, JsonNode target) {
        if (!target.path("rawQuery").asBoolean() || !target.path("query").isTextual()) {
            throw new IllegalArgumentException(where + " is no raw InfluxQL query (rawQuery true with query text)");
        }
        return new DashboardQuery(where, target.path("query").asText());
    }

    private static List<String> textOrTexts(JsonNode value) {
        if (value.isArray()) {
            List<String> texts = new ArrayList<>();
            value.forEach(item -> texts.add(item.asText()));
            return texts;
        }
        return value.isTextual() ? List.of(value.asText()) : List.of();
    }
}
