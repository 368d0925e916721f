package io.jitfarm.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What was run, when, where, and how to run it again. */
public final class HeaderSection {
    private static final Pattern BROWSER = Pattern.compile("(HeadlessChrome|Chrome|Chromium|Firefox|Edg|Safari)/([\\d.]+)");

    public List<ReportBlock> blocks(RecordedRun run) {
        List<ReportBlock> blocks = new ArrayList<>();
        blocks.add(new ReportBlock.Heading(1, "jitfarm report: " + run.id()));
        String when = run.firstReceivedAt().map(first -> first + " to " + run.lastReceivedAt().orElseThrow()
                + " (UTC, first and last result received)").orElse(Figures.NONE);
        blocks.add(new ReportBlock.Bullets(List.of(
                "**Run:** `" + run.id() + "`",
                "**Experiment:** `" + run.experiment() + "`",
                "**Date:** " + when,
                "**Devices:** " + String.join(", ", run.devices()),
                "**Browsers:** " + String.join("; ", browsers(run)),
                "**Results:** " + run.results().size() + " (each job's counted attempt)")));
        blocks.add(new ReportBlock.Paragraph("To reproduce: `bin/jitfarm run experiments/" + run.experiment()
                + ".yaml`, then `bin/jitfarm report <the new run id>`. This report: `bin/jitfarm report " + run.id()
                + "`. Timings from another run or machine differ: compare engines within one run."));
        return blocks;
    }

    /** Per device, the browser and version of its user agent, and the hardware threads the page saw. */
    private static List<String> browsers(RecordedRun run) {
        Set<String> browsers = new LinkedHashSet<>();
        for (Measured<JsonNode> environment : run.environments()) {
            String userAgent = environment.value().path("userAgent").asText("");
            Matcher matcher = BROWSER.matcher(userAgent);
            String browser = matcher.find() ? matcher.group(1) + " " + matcher.group(2) : userAgent;
            browsers.add(environment.job().device() + ": " + browser + ", "
                    + environment.value().path("platform").asText("?") + ", "
                    + environment.value().path("hardwareConcurrency").asText("?") + " hardware threads");
        }
        return browsers.isEmpty() ? List.of("unknown (no environment result)") : List.copyOf(browsers);
    }
}
