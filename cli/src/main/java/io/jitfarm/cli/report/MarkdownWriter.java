package io.jitfarm.cli.report;

import java.util.List;
import java.util.stream.Collectors;

/** Renders report blocks as GitHub-flavoured Markdown; figures become image links to their files. */
public final class MarkdownWriter {

    public String render(List<ReportBlock> blocks) {
        StringBuilder md = new StringBuilder();
        for (ReportBlock block : blocks) {
            if (block instanceof ReportBlock.Heading h) {
                md.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (block instanceof ReportBlock.Paragraph p) {
                md.append(p.text()).append("\n\n");
            } else if (block instanceof ReportBlock.Bullets b) {
                b.items().forEach(item -> md.append("- ").append(item).append('\n'));
                md.append('\n');
            } else if (block instanceof ReportBlock.Table t) {
                md.append(row(t.header()));
                md.append(row(t.header().stream().map(h -> "---").toList()));
                t.rows().forEach(r -> md.append(row(r)));
                md.append('\n');
            } else if (block instanceof ReportBlock.Figure f) {
                md.append("![").append(f.caption()).append("](").append(f.fileName()).append(")\n\n*")
                        .append(f.caption()).append("*\n\n");
            }
        }
        return md.toString();
    }

    private static String row(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |\n"));
    }
}
