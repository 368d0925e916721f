package io.jitfarm.cli.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders report blocks as one self-contained HTML page: the charts are inlined as SVG so the file can
 * be mailed or archived alone.
 */
public final class HtmlWriter {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");
    private static final Pattern XML_PROLOGUE = Pattern.compile("^\\s*<\\?xml[^>]*\\?>\\s*(<!DOCTYPE[^>]*>\\s*)?");
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
            table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
            th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
            th{background:#f3f3f3}
            code{background:#f3f3f3;padding:0 .2rem}
            figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
            """;

    public String render(String title, List<ReportBlock> blocks) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        for (ReportBlock block : blocks) {
            if (block instanceof ReportBlock.Heading h) {
                html.append("<h").append(h.level()).append('>').append(inline(h.text())).append("</h").append(h.level())
                        .append(">\n");
            } else if (block instanceof ReportBlock.Paragraph p) {
                html.append("<p>").append(inline(p.text())).append("</p>\n");
            } else if (block instanceof ReportBlock.Bullets b) {
                html.append("<ul>\n");
                b.items().forEach(item -> html.append("<li>").append(inline(item)).append("</li>\n"));
                html.append("</ul>\n");
            } else if (block instanceof ReportBlock.Table t) {
                html.append("<table>\n<tr>");
                t.header().forEach(cell -> html.append("<th>").append(inline(cell)).append("</th>"));
                html.append("</tr>\n");
                for (List<String> row : t.rows()) {
                    html.append("<tr>");
                    row.forEach(cell -> html.append("<td>").append(inline(cell)).append("</td>"));
                    html.append("</tr>\n");
                }
                html.append("</table>\n");
            } else if (block instanceof ReportBlock.Figure f) {
                html.append("<figure>\n").append(XML_PROLOGUE.matcher(f.svg()).replaceFirst(""))
                        .append("\n<figcaption>").append(inline(f.caption())).append("</figcaption>\n</figure>\n");
            }
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** Escapes the text, then turns the Markdown subset the sections use into tags. */
    static String inline(String text) {
        String escaped = escape(text);
        Matcher code = CODE.matcher(escaped);
        escaped = code.replaceAll(m -> "<code>" + Matcher.quoteReplacement(m.group(1)) + "</code>");
        return BOLD.matcher(escaped).replaceAll(m -> "<strong>" + Matcher.quoteReplacement(m.group(1)) + "</strong>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
