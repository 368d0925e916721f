package io.jitfarm.jit.conventional;

import java.util.Locale;

/** C text with the nesting of its braces shown by indentation, so a generated kernel can be read and diffed. */
final class CSourceWriter {

    private static final String INDENT = "    ";

    private final StringBuilder text = new StringBuilder();
    private int depth;

    /** One line at the current depth; {@code printf}-style. */
    CSourceWriter line(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
        text.append(INDENT.repeat(depth)).append(line).append('\n');
        return this;
    }

    /** A line ending in an opening brace (or the brace alone); what follows is nested until {@link #close}. */
    CSourceWriter open(String format, Object... args) {
        line(format.isEmpty() ? "{" : format + " {", args);
        depth++;
        return this;
    }

    CSourceWriter close() {
        return close("");
    }

    /** A closing brace followed by {@code after} on its line, e.g. the condition of a do-while. */
    CSourceWriter close(String after) {
        depth--;
        return line(after.isEmpty() ? "}" : "} " + after);
    }

    /** {@code header { body }}. */
    CSourceWriter block(String header, Runnable body) {
        open(header);
        body.run();
        return close();
    }

    CSourceWriter blankLine() {
        text.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
