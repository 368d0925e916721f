package io.jitfarm.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VariableTest {
    private static final List<String> ALL = List.of(Variable.ALL);

    private static Variable multiWithAll(Optional<String> allValue, List<String> current) {
        return new Variable("device", "SHOW TAG VALUES WITH KEY = \"device\"", true, true, allValue, current);
    }

    private static Variable single(List<String> current) {
        return new Variable("baseline", "SHOW TAG VALUES WITH KEY = \"engine\"", false, false, Optional.empty(),
                current);
    }

    @Test
    void allWithoutACustomValueIsARegexAlternationOfEveryOption() {
        assertThat(multiWithAll(Optional.empty(), ALL).text(List.of("local-chromium", "grid-chrome")))
                .isEqualTo("(local-chromium|grid-chrome)");
    }

    @Test
    void allWithACustomValueIsThatValueSoThatPointsWithoutTheTagMatchToo() {
        assertThat(multiWithAll(Optional.of(".*"), ALL).text(List.of("bert-base"))).isEqualTo(".*");
    }

    @Test
    void aVariableSavedWithoutSelectionOpensWithAll() {
        assertThat(multiWithAll(Optional.empty(), List.of()).text(List.of("a"))).isEqualTo("(a)");
    }

    @Test
    void optionsAreEscapedAsGrafanaEscapesThemForAnInfluxQlRegex() {
        assertThat(multiWithAll(Optional.empty(), ALL).text(List.of("1.5", "a/b", "x(y)|z", "p+q*", "^$")))
                .isEqualTo("(1\\.5|a\\/b|x\\(y\\)\\|z|p\\+q\\*|\\^\\$)");
    }

    @Test
    void aSavedMultiSelectionKeepsTheSavedValuesThatAreStillOptions() {
        assertThat(multiWithAll(Optional.empty(), List.of("b", "gone")).text(List.of("a", "b", "c")))
                .isEqualTo("(b)");
    }

    @Test
    void aSingleValuedVariableIsItsSavedValueAsItIs() {
        assertThat(single(List.of("ort-web")).text(List.of("handwritten", "ort-web", "tfjs"))).isEqualTo("ort-web");
    }

    @Test
    void aSingleValuedVariableWhoseSavedValueIsGoneTakesTheFirstOptionLikeGrafana() {
        assertThat(single(List.of("ort-web")).text(List.of("handwritten", "tfjs"))).isEqualTo("handwritten");
    }

    @Test
    void aVariableWithoutOptionsMatchesNothingRatherThanEverything() {
        assertThat(multiWithAll(Optional.empty(), ALL).text(List.of())).isEqualTo("()");
        assertThat(single(List.of("ort-web")).text(List.of())).isEmpty();
    }

    @Test
    void aChosenValueReplacesTheSelectionInTheVariablesFormat() {
        assertThat(multiWithAll(Optional.of(".*"), ALL).text("run.1")).isEqualTo("(run\\.1)");
        assertThat(single(List.of("ort-web")).text("tfjs")).isEqualTo("tfjs");
    }
}
