package io.jitfarm.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeRangeTest {

    @Test
    void aRelativeRangeBecomesTheTimeFilterGrafanaWouldSend() {
        assertThat(TimeRange.of("now-7d", "now").condition()).isEqualTo("time >= now() - 7d AND time <= now()");
    }

    @Test
    void theIntervalSpreadsTheRangeOverAboutAThousandPointsInWholeSeconds() {
        assertThat(TimeRange.of("now-7d", "now").interval()).isEqualTo("605s");
        assertThat(TimeRange.of("now-24h", "now").interval()).isEqualTo("87s");
        assertThat(TimeRange.of("now-2w", "now").interval()).isEqualTo("1210s");
    }

    @Test
    void theIntervalIsAtLeastOneSecond() {
        assertThat(TimeRange.of("now-5m", "now").interval()).isEqualTo("1s");
    }

    @Test
    void anAbsoluteOrUnsupportedRangeIsRefusedNamingIt() {
        assertThatThrownBy(() -> TimeRange.of("2026-01-01T00:00:00Z", "now"))
                .hasMessage("time range 2026-01-01T00:00:00Z to now: only now-<n><s|m|h|d|w> to now can be checked");
        assertThatThrownBy(() -> TimeRange.of("now-1M", "now")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeRange.of("now-1d", "now-1h")).isInstanceOf(IllegalArgumentException.class);
    }
}
