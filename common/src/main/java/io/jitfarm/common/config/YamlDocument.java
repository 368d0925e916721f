package io.jitfarm.common.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML file read with Jackson into a JSON tree that remembers where every key and value starts.
 * Jackson's data binding reports only the first problem; users want every problem with its line, so
 * the tree is built token by token and checked by {@link ConfigNode} afterwards.
 */
public final class YamlDocument {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final JsonNode root;
    private final Map<String, Position> positions = new HashMap<>();
    private final List<ConfigError> errors = new ArrayList<>();

    record Position(int line, int column) {
        static Position of(JsonLocation location) {
            return new Position(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
        }
    }

    private YamlDocument(String file, String text) throws ConfigException {
        this.file = file;
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            root = first == null ? NODES.objectNode() : read(parser, "", "");
        } catch (JsonProcessingException e) {
            Position at = Position.of(e.getLocation() == null ? JsonLocation.NA : e.getLocation());
            throw new ConfigException(List.of(new ConfigError(file, at.line(), at.column(), "",
                    "not valid YAML: " + syntaxProblem(e))));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(file, 1, 1, "", "cannot be read: " + e.getMessage())));
        }
        positions.putIfAbsent("", new Position(1, 1));
    }

    /** SnakeYAML's own message spans several lines with excerpts; users need the problem and where it began. */
    private static String syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            Mark start = marked.getContextMark();
            return marked.getProblem() + (marked.getContext() == null || start == null ? ""
                    : " (" + marked.getContext() + " that starts at line " + (start.getLine() + 1) + ", column "
                    + (start.getColumn() + 1) + ")");
        }
        return e.getOriginalMessage().lines().findFirst().orElse("syntax error");
    }

    /** Parses YAML text; {@code file} is only used to name the source in errors. */
    public static YamlDocument parse(String file, String text) throws ConfigException {
        return new YamlDocument(file, text);
    }

    public static YamlDocument read(Path path) throws ConfigException {
        try {
            return parse(path.toString(), Files.readString(path));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(path.toString(), 1, 1, "", "cannot be read: " + e)));
        }
    }

    public String file() {
        return file;
    }

    /** The top of the document, for reading with error collection. */
    public ConfigNode root() {
        return new ConfigNode(this, "", "", root);
    }

    /** Every problem reported so far, in document order of discovery. */
    public List<ConfigError> errors() {
        return List.copyOf(errors);
    }

    /** Throws when any problem was reported, so nothing is used from a file with an error. */
    public void throwIfErrors() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    void report(String pointer, String key, String message) {
        Position at = positionOf(pointer);
        errors.add(new ConfigError(file, at.line(), at.column(), key, message));
    }

    private Position positionOf(String pointer) {
        String p = pointer;
        while (!positions.containsKey(p)) {
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
        return positions.get(p);
    }

    private JsonNode read(JsonParser parser, String pointer, String key) throws IOException {
        positions.putIfAbsent(pointer, Position.of(parser.currentTokenLocation()));
        switch (parser.currentToken()) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                    String childKey = key.isEmpty() ? name : key + "." + name;
                    Position keyAt = Position.of(parser.currentTokenLocation());
                    parser.nextToken();
                    if (object.has(name)) {
                        errors.add(new ConfigError(file, keyAt.line(), keyAt.column(), childKey,
                                "duplicate key (it appears earlier in the same mapping)"));
                        parser.skipChildren();
                        continue;
                    }
                    positions.put(child, keyAt);
                    object.set(name, read(parser, child, childKey));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, pointer + "/" + index, key + "[" + index + "]"));
                    index++;
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                return MissingNode.getInstance();
        }
    }
}
