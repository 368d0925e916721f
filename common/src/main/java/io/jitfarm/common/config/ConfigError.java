package io.jitfarm.common.config;

/**
 * One problem in a user-written file, pointing at the place to fix.
 *
 * @param key dotted path of the offending key, e.g. {@code tuning.budget_s} or {@code workloads[1].shapes[0]}
 */
public record ConfigError(String file, int line, int column, String key, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
