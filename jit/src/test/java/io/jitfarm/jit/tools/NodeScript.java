package io.jitfarm.jit.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs one of {@code src/test/node}'s scripts on a manifest and reads the flat JSON objects it prints, one per line. */
final class NodeScript {

    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)");

    private NodeScript() {
    }

    static List<Map<String, String>> run(String script, Path manifest, List<String> nodeFlags, String... scriptArgs) {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(nodeFlags);
        command.add(NODE_DIR.resolve(script).toString());
        command.add(manifest.toString());
        command.addAll(List.of(scriptArgs));
        ExternalProcess.Result result = ExternalProcess.run(TIMEOUT, command);
        assertThat(result.exitCode()).as("node %s failed: %s", script, result.stderr()).isZero();
        return result.stdout().lines().filter(line -> !line.isBlank()).map(NodeScript::fields).toList();
    }

    /** The scripts print flat objects of numbers, booleans, null and strings; a pattern reads them without a JSON library. */
    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        Matcher matcher = FIELD.matcher(line);
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(2));
        }
        assertThat(fields).as("fields of %s", line).isNotEmpty();
        return fields;
    }

    static String text(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** A string field that may be null. */
    static String textOrNull(String value) {
        return value == null || value.equals("null") ? null : text(value);
    }

    /** JSON has no infinities or NaN: JSON.stringify prints them as null. */
    static double number(String value) {
        return value.equals("null") ? Double.NaN : Double.parseDouble(value);
    }

    /** A JSON string literal. */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
