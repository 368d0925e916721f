package io.jitfarm.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A place in a {@link YamlDocument}: typed reads that report a located error and return a fallback
 * instead of throwing, so one pass over a file finds every problem in it.
 */
public final class ConfigNode {
    private final YamlDocument document;
    private final String pointer;
    private final String key;
    private final JsonNode value;

    ConfigNode(YamlDocument document, String pointer, String key, JsonNode value) {
        this.document = document;
        this.pointer = pointer;
        this.key = key;
        this.value = value;
    }

    /** Dotted path of this node as a user would name it, e.g. {@code workloads[0].shapes}. */
    public String key() {
        return key;
    }

    public boolean present() {
        return !value.isMissingNode();
    }

    public boolean isObject() {
        return value.isObject();
    }

    public JsonNode json() {
        return value;
    }

    public void error(String message) {
        document.report(pointer, key, message);
    }

    public ConfigNode get(String name) {
        JsonNode child = value.isObject() && value.has(name) ? value.get(name) : MissingNode.getInstance();
        return new ConfigNode(document, pointer + "/" + name.replace("~", "~0").replace("/", "~1"),
                key.isEmpty() ? name : key + "." + name, child);
    }

    /** Reports a missing key; true when it is there. */
    public boolean require() {
        if (!present()) {
            error("is required but missing");
        }
        return present();
    }

    /**
     * Checks that this is a mapping whose keys are all among {@code allowed}; reports each unknown key
     * with the closest allowed one. Returns false (after reporting) when it is not a mapping.
     */
    public boolean mapping(Collection<String> allowed) {
        if (!present()) {
            return false;
        }
        if (!value.isObject()) {
            error("expected a mapping, got " + describe(value));
            return false;
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                get(name).error("unknown key" + Suggestions.didYouMean(name, allowed)
                        + " (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return true;
    }

    /** The members of a mapping in file order, e.g. free-form tags. */
    public Map<String, ConfigNode> members() {
        Map<String, ConfigNode> members = new LinkedHashMap<>();
        if (present() && !value.isObject()) {
            error("expected a mapping, got " + describe(value));
        } else if (present()) {
            value.fieldNames().forEachRemaining(name -> members.put(name, get(name)));
        }
        return members;
    }

    /** List items; a missing list is empty; {@code nonEmpty} reports an empty one. */
    public List<ConfigNode> list(boolean nonEmpty) {
        List<ConfigNode> items = new ArrayList<>();
        if (!present()) {
            return items;
        }
        if (!value.isArray()) {
            error("expected a list, got " + describe(value));
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            items.add(new ConfigNode(document, pointer + "/" + i, key + "[" + i + "]", value.get(i)));
        }
        if (nonEmpty && items.isEmpty()) {
            error("must not be empty");
        }
        return items;
    }

    public String text(String fallback) {
        if (!present()) {
            return fallback;
        }
        if (!value.isTextual()) {
            error("expected text, got " + describe(value));
            return fallback;
        }
        return value.textValue();
    }

    /** Any scalar read as text (tags such as {@code cores: 8} are text to us). */
    public String scalarText(String fallback) {
        if (present() && value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        if (present()) {
            error("expected a single value, got " + describe(value));
        }
        return fallback;
    }

    /** Text that must match {@code pattern}; {@code what} explains the pattern to the user. */
    public String identifier(String fallback, String pattern, String what) {
        String text = text(null);
        if (text == null) {
            return fallback;
        }
        if (!text.matches(pattern)) {
            error("\"" + text + "\" is not " + what);
            return fallback;
        }
        return text;
    }

    /** One of {@code allowed}; reports anything else with the closest allowed value. */
    public String choice(Collection<String> allowed, String fallback, String what) {
        String text = text(null);
        if (text == null) {
            return fallback;
        }
        if (!allowed.contains(text)) {
            error("unknown " + what + " \"" + text + "\"" + Suggestions.didYouMean(text, allowed)
                    + " (expected one of: " + String.join(", ", allowed) + ")");
            return fallback;
        }
        return text;
    }

    public boolean bool(boolean fallback) {
        if (!present()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            error("expected true or false, got " + describe(value));
            return fallback;
        }
        return value.booleanValue();
    }

    /** A whole number in [min, max]; absent gives {@code fallback} (which may be null). */
    public Long integer(long min, long max, Long fallback) {
        if (!present()) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            error("expected a whole number, got " + describe(value));
            return fallback;
        }
        BigInteger number = value.bigIntegerValue();
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            error("must be between " + min + " and " + max + ", got " + number);
            return fallback;
        }
        return number.longValue();
    }

    /** A number greater than zero and at most {@code max}; absent gives {@code fallback}. */
    public Double positive(double max, Double fallback) {
        if (!present()) {
            return fallback;
        }
        if (!value.isNumber()) {
            error("expected a number, got " + describe(value));
            return fallback;
        }
        BigDecimal number = value.decimalValue();
        if (number.signum() <= 0) {
            error("must be > 0, got " + number.toPlainString());
            return fallback;
        }
        if (number.compareTo(BigDecimal.valueOf(max)) > 0) {
            error("must be at most " + BigDecimal.valueOf(max).stripTrailingZeros().toPlainString()
                    + ", got " + number.toPlainString());
            return fallback;
        }
        return number.doubleValue();
    }

    /** Exactly one of {@code keys} must be present in this mapping; returns it. */
    public Optional<String> exactlyOneOf(String... keys) {
        List<String> found = new ArrayList<>();
        for (String k : keys) {
            if (get(k).present()) {
                found.add(k);
            }
        }
        if (found.size() != 1) {
            error((found.isEmpty() ? "needs one of " : "takes only one of ") + String.join(", ", keys)
                    + (found.isEmpty() ? "" : " (found " + String.join(", ", found) + ")"));
            return Optional.empty();
        }
        return Optional.of(found.get(0));
    }

    public static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "text \"" + node.textValue() + "\"";
        }
        if (node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isBoolean()) {
            return String.valueOf(node.booleanValue());
        }
        return "the number " + node.asText();
    }

    /** Keys allowed in a mapping, kept in the order users see them in docs. */
    public static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
