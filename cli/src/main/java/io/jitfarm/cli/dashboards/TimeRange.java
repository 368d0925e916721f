package io.jitfarm.cli.dashboards;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dashboard's default time range, from {@code now-<n><unit>} to {@code now}, and what Grafana makes of it
 * in a query: the {@code $timeFilter} condition and the {@code $__interval} of {@code GROUP BY time()}.
 *
 * @param amount how many units back the range starts
 * @param unit   an InfluxQL duration unit, which Grafana's relative times share: s, m, h, d or w
 */
public record TimeRange(long amount, String unit) {
    private static final Pattern RELATIVE = Pattern.compile("now-(\\d+)([smhdw])");
    private static final Map<String, Long> SECONDS_PER_UNIT = Map.of("s", 1L, "m", 60L, "h", 3_600L, "d", 86_400L,
            "w", 604_800L);
    /** Grafana asks for about one point per pixel of a panel's width; a wide panel has about this many. */
    private static final long POINTS_PER_PANEL = 1000;

    /** Reads a dashboard's {@code time.from} and {@code time.to}. */
    public static TimeRange of(String from, String to) {
        Matcher relative = RELATIVE.matcher(from);
        if (!relative.matches() || !"now".equals(to)) {
            throw new IllegalArgumentException("time range " + from + " to " + to
                    + ": only now-<n><s|m|h|d|w> to now can be checked");
        }
        return new TimeRange(Long.parseLong(relative.group(1)), relative.group(2));
    }

    /** What Grafana puts for {@code $timeFilter}; it writes absolute bounds, which come to the same. */
    public String condition() {
        return "time >= now() - " + amount + unit + " AND time <= now()";
    }

    /** What Grafana puts for {@code $__interval}: the range over the points of a panel, at least a second. */
    public String interval() {
        long seconds = amount * SECONDS_PER_UNIT.get(unit);
        return Math.max(1, (seconds + POINTS_PER_PANEL - 1) / POINTS_PER_PANEL) + "s";
    }
}
