package io.jitfarm.agent.job;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How close two engines' full-size model outputs are, from the page's summaries ({@code first}: a
 * prefix of the values, {@code sum}, {@code sumAbs}): no float64 reference exists at full size, so
 * the engines check each other (issue 6: "against the baselines' outputs on the real one").
 */
final class OutputAgreement {

    private OutputAgreement() {
    }

    /** E.g. {@code output vs jitfarm's: first 16 values within 2.1e-06 of the largest, sums differ by 3.0e-07 relative}. */
    static String describe(JsonObject output, JsonObject reference) {
        JsonArray first = output.getJsonArray("first");
        JsonArray referenceFirst = reference.getJsonArray("first");
        int compared = Math.min(first.size(), referenceFirst.size());
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < compared; i++) {
            largest = Math.max(largest, Math.abs(referenceFirst.getDouble(i)));
        }
        for (int i = 0; i < compared; i++) {
            worst = Math.max(worst, Math.abs(first.getDouble(i) - referenceFirst.getDouble(i)) / Math.max(largest, 1e-30));
        }
        double sumScale = Math.max(reference.getDouble("sumAbs"), 1e-30);
        double sums = Math.abs(output.getDouble("sum") - reference.getDouble("sum")) / sumScale;
        return String.format("output vs jitfarm's: first %d values within %.1e of the largest, sums differ by %.1e"
                + " of the sum of magnitudes", compared, worst, sums);
    }
}
