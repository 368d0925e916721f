package io.jitfarm.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void fillsPlainAndBracedVariablesAndGrafanasMacros() {
        String filled = QueryText.fill("SELECT mean(\"fps\") FROM \"frames\" WHERE \"device\" =~ /^$device$/ AND "
                        + "\"engine\" = '${baseline}' AND $timeFilter GROUP BY time($__interval)",
                Map.of("device", "(a|b)", "baseline", "ort-web", "timeFilter", "time >= now() - 1h",
                        "__interval", "4s"));

        assertThat(filled).isEqualTo("SELECT mean(\"fps\") FROM \"frames\" WHERE \"device\" =~ /^(a|b)$/ AND "
                + "\"engine\" = 'ort-web' AND time >= now() - 1h GROUP BY time(4s)");
    }

    @Test
    void leavesTheDollarThatEndsARegexAlone() {
        assertThat(QueryText.fill("\"run\" =~ /^$run$/", Map.of("run", "r1"))).isEqualTo("\"run\" =~ /^r1$/");
    }

    @Test
    void putsAValueWithDollarsAndBackslashesInLiterally() {
        assertThat(QueryText.fill("/^$model$/", Map.of("model", "a\\.b$"))).isEqualTo("/^a\\.b$$/");
    }

    @Test
    void namesAVariableItHasNoValueFor() {
        assertThatThrownBy(() -> QueryText.fill("WHERE \"op\" =~ /^$op$/", Map.of("device", "d")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uses $op, which is no variable defined before it");
    }
}
