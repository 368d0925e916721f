package io.jitfarm.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class BootstrapRatioTest {
    private final BootstrapRatio bootstrap = new BootstrapRatio();

    @Test
    void constantSamplesGiveTheExactRatioAndADegenerateInterval() {
        BootstrapRatio.Estimate estimate = bootstrap.estimate(List.of(4.0, 4.0, 4.0), List.of(2.0, 2.0, 2.0, 2.0));

        assertThat(estimate.ratio()).isEqualTo(2.0);
        assertThat(estimate.low()).isEqualTo(2.0);
        assertThat(estimate.high()).isEqualTo(2.0);
    }

    @Test
    void identicalSamplesGiveARatioOfOneInsideItsInterval() {
        List<Double> samples = List.of(5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0, 9.0, 12.0);

        BootstrapRatio.Estimate estimate = bootstrap.estimate(samples, samples);

        assertThat(estimate.ratio()).isEqualTo(1.0);
        assertThat(estimate.excludes(1.0)).isFalse();
        assertThat(estimate.low()).isLessThan(1.0);
        assertThat(estimate.high()).isGreaterThan(1.0);
    }

    @Test
    void disjointDistributionsGiveAnIntervalThatExcludesOne() {
        List<Double> slow = DoubleStream.iterate(10.0, x -> x + 0.05).limit(30).boxed().toList();
        List<Double> fast = DoubleStream.iterate(5.0, x -> x + 0.025).limit(30).boxed().toList();

        BootstrapRatio.Estimate estimate = bootstrap.estimate(slow, fast);

        assertThat(estimate.ratio()).isCloseTo(2.0, within(1e-9));
        assertThat(estimate.excludes(1.0)).isTrue();
        // every resampled median lies within each sample's range, so the ratio lies within 10/5.725 .. 11.45/5
        assertThat(estimate.low()).isGreaterThan(10.0 / 5.725);
        assertThat(estimate.high()).isLessThan(11.45 / 5.0);
        assertThat(estimate.low()).isLessThanOrEqualTo(estimate.ratio());
        assertThat(estimate.high()).isGreaterThanOrEqualTo(estimate.ratio());
    }

    @Test
    void theSameSeedGivesTheSameIntervalEveryTime() {
        List<Double> a = List.of(3.0, 9.0, 4.0, 7.0, 5.0, 8.0);
        List<Double> b = List.of(2.0, 6.0, 3.0, 1.0, 4.0);

        assertThat(new BootstrapRatio().estimate(a, b)).isEqualTo(new BootstrapRatio().estimate(a, b));
    }

    @Test
    void anEngineWithoutSamplesIsRejected() {
        assertThatThrownBy(() -> bootstrap.estimate(List.of(), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
