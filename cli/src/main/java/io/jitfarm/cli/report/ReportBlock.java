package io.jitfarm.cli.report;

import java.util.List;

/**
 * One piece of a report, independent of its output format: sections build blocks, and the Markdown
 * and HTML writers render the same blocks, so both files always say the same thing. Text may use
 * {@code `code`} and {@code **bold**}, which both writers understand.
 */
public sealed interface ReportBlock {

    record Heading(int level, String text) implements ReportBlock {
    }

    record Paragraph(String text) implements ReportBlock {
    }

    record Bullets(List<String> items) implements ReportBlock {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    record Table(List<String> header, List<List<String>> rows) implements ReportBlock {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /**
     * A chart: written next to the report as {@code fileName} and inlined in the HTML.
     *
     * @param svg the chart as an SVG document
     */
    record Figure(String fileName, String caption, String svg) implements ReportBlock {
    }
}
