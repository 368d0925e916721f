package io.jitfarm.common.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleStatsTest {

    @Test
    void quantilesInterpolateBetweenClosestRanksAsThePageDoes() {
        SampleStats stats = SampleStats.of(List.of(4.0, 1.0, 3.0, 2.0));

        assertThat(stats.n()).isEqualTo(4);
        assertThat(stats.medianMs()).isEqualTo(2.5);
        assertThat(stats.p10Ms()).isCloseTo(1.3, within(1e-12));   // h = 0.3
        assertThat(stats.p90Ms()).isCloseTo(3.7, within(1e-12));   // h = 2.7
        assertThat(stats.minMs()).isEqualTo(1.0);
        assertThat(stats.meanMs()).isEqualTo(2.5);
    }

    @Test
    void aSingleSampleIsEveryStatistic() {
        assertThat(SampleStats.of(List.of(7.0))).isEqualTo(new SampleStats(1, 7, 7, 7, 7, 7));
    }
}
