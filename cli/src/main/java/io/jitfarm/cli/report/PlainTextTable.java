package io.jitfarm.cli.report;

import java.io.PrintWriter;
import java.util.List;

/** A report table for the terminal: aligned columns, Markdown marks removed. */
public final class PlainTextTable {

    public void print(ReportBlock.Table table, PrintWriter out) {
        int[] widths = new int[table.header().size()];
        measure(table.header(), widths);
        table.rows().forEach(row -> measure(row, widths));
        print(table.header(), widths, out);
        table.rows().forEach(row -> print(row, widths, out));
    }

    private static void measure(List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            widths[i] = Math.max(widths[i], plain(cells.get(i)).length());
        }
    }

    private static void print(List<String> cells, int[] widths, PrintWriter out) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(String.format("%-" + widths[i] + "s", plain(cells.get(i))));
            if (i < cells.size() - 1) {
                line.append("  ");
            }
        }
        out.println(line.toString().stripTrailing());
    }

    private static String plain(String text) {
        return text.replace("`", "").replace("**", "");
    }
}
