package io.jitfarm.cli.dashboards;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a query's {@code $name} and {@code ${name}} as Grafana does before sending it to InfluxDB. */
final class QueryText {
    // "$/" ends a regex in /^$device$/ and is no variable: a name starts right after the dollar
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))");

    private QueryText() {
    }

    /** @throws IllegalArgumentException naming a variable the query uses but {@code values} lacks */
    static String fill(String query, Map<String, String> values) {
        Matcher variable = VARIABLE.matcher(query);
        StringBuilder filled = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("uses $" + name + ", which is no variable defined before it");
            }
            variable.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return variable.appendTail(filled).toString();
    }
}
