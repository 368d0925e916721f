package io.jitfarm.cli.dashboards;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A query variable of a dashboard, and the text Grafana puts for it into InfluxQL.
 *
 * @param query    InfluxQL that lists the variable's options, e.g. {@code SHOW TAG VALUES WITH KEY = "device"}
 * @param allValue what "All" stands for instead of every option, e.g. {@code .*}
 * @param current  the saved selection; {@value #ALL} is "All"
 */
public record Variable(String name, String query, boolean multi, boolean includeAll, Optional<String> allValue,
                       List<String> current) {
    static final String ALL = "$__all";
    // what Grafana escapes in a value it puts into an InfluxQL regex: /.../ delimits it
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$*+?.()|\\[\\]{}/]");

    public Variable {
        current = List.copyOf(current);
    }

    /** The text for the selection the dashboard opens with, given the options the variable's query found. */
    public String text(List<String> options) {
        boolean all = includeAll && (current.isEmpty() || current.contains(ALL));
        if (all && allValue.isPresent()) {
            return allValue.get();
        }
        return format(all ? options : savedOrFirst(options));
    }

    /** The text when one value is chosen, whatever the options. */
    public String text(String chosen) {
        return format(List.of(chosen));
    }

    /** Grafana falls back to the first option when the saved selection is not among the options. */
    private List<String> savedOrFirst(List<String> options) {
        List<String> saved = current.stream().filter(options::contains).toList();
        return saved.isEmpty() ? options.stream().limit(1).toList() : saved;
    }

    /**
     * A variable that can stand for several values becomes a regex alternation of them, for the
     * {@code =~ /^$name$/} the dashboards match it with; a single-valued one is put in as it is.
     */
    private String format(List<String> values) {
        if (!multi && !includeAll) {
            return values.isEmpty() ? "" : values.get(0);
        }
        return values.stream().map(value -> REGEX_SPECIAL.matcher(value).replaceAll("\\\\$0"))
                .collect(Collectors.joining("|", "(", ")"));
    }
}
