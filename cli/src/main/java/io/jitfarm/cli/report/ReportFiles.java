package io.jitfarm.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a report into a folder: report.md with its charts as SVG files beside it, and a self-contained report.html. */
public final class ReportFiles {
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";

    private ReportFiles() {
    }

    /** @return the files written, the Markdown and HTML first */
    public static List<Path> write(Report report, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(folder.resolve(MARKDOWN), new MarkdownWriter().render(report.blocks()),
                StandardCharsets.UTF_8));
        written.add(Files.writeString(folder.resolve(HTML), new HtmlWriter().render(report.title(), report.blocks()),
                StandardCharsets.UTF_8));
        for (ReportBlock.Figure figure : report.figures()) {
            written.add(Files.writeString(folder.resolve(figure.fileName()), figure.svg(), StandardCharsets.UTF_8));
        }
        return written;
    }
}
