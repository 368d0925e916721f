package io.jitfarm.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlWriterTest {

    @Test
    void textIsEscapedBeforeCodeAndBoldBecomeTags() {
        assertThat(HtmlWriter.inline("**Run:** `a<b>` & more"))
                .isEqualTo("<strong>Run:</strong> <code>a&lt;b&gt;</code> &amp; more");
    }

    @Test
    void aFigureIsInlinedWithoutItsXmlPrologue() {
        String svg = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                + "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
                + "<svg width=\"1\"></svg>";

        String html = new HtmlWriter().render("t", List.of(new ReportBlock.Figure("f.svg", "a chart", svg)));

        assertThat(html).contains("<figure>\n<svg width=\"1\"></svg>").doesNotContain("<?xml").doesNotContain("DOCTYPE svg");
    }

    @Test
    void markdownAndHtmlShowTheSameTable() {
        List<ReportBlock> blocks = List.of(new ReportBlock.Table(List.of("a", "b"), List.of(List.of("1", "x|y"))));

        assertThat(new MarkdownWriter().render(blocks)).isEqualTo("| a | b |\n| --- | --- |\n| 1 | x\\|y |\n\n");
        assertThat(new HtmlWriter().render("t", blocks)).contains("<tr><th>a</th><th>b</th></tr>")
                .contains("<tr><td>1</td><td>x|y</td></tr>");
    }
}
