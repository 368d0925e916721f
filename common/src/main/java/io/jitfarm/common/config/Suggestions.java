package io.jitfarm.common.config;

import java.util.Collection;
import java.util.Comparator;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" hints for misspelt keys and values. */
public final class Suggestions {
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private Suggestions() {
    }

    /** {@code "; did you mean \"x\"?"} for the closest candidate, or empty text when none is close. */
    public static String didYouMean(String given, Collection<String> candidates) {
        int tolerance = Math.max(2, given.length() / 3);
        return candidates.stream()
                .min(Comparator.comparingInt(c -> DISTANCE.apply(given.toLowerCase(), c.toLowerCase())))
                .filter(c -> DISTANCE.apply(given.toLowerCase(), c.toLowerCase()) <= tolerance)
                .map(c -> "; did you mean \"" + c + "\"?")
                .orElse("");
    }
}
