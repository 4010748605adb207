package dev.lakehouse.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class TestPairedRuns
{
    @Test
    void testOrderStatistics()
    {
        // P(Binomial(15, 1/2) <= 3) = 576/32768 = 1.8%, P(<= 4) = 5.9%: the 4th smallest and 4th largest ratio
        assertThat(PairedRuns.orderStatisticForMedianInterval(15)).isEqualTo(4);
        // P(Binomial(6, 1/2) = 0) = 1.6%, P(<= 1) = 10.9%
        assertThat(PairedRuns.orderStatisticForMedianInterval(6)).isEqualTo(1);
        // 1/32 = 3.1% already: five rounds cannot give a 95% interval
        assertThat(PairedRuns.orderStatisticForMedianInterval(5)).isEqualTo(0);
    }

    @Test
    void testTellsNoiseFromDifference()
    {
        Random random = new Random(3);
        List<QueryStatistics> theirs = new ArrayList<>();
        List<QueryStatistics> same = new ArrayList<>();
        List<QueryStatistics> slower = new ArrayList<>();
        for (int round = 0; round < 15; round++) {
            // +-15% noise on each run
            theirs.add(run(1000 * (0.85 + 0.3 * random.nextDouble())));
            same.add(run(1000 * (0.85 + 0.3 * random.nextDouble())));
            slower.add(run(1300 * (0.85 + 0.3 * random.nextDouble())));
        }
        PairedRuns noise = new PairedRuns(same, theirs);
        assertThat(noise.clearlySlower()).isFalse();
        assertThat(noise.wallRatioInterval().low()).isLessThan(1.0);
        assertThat(noise.wallRatioInterval().high()).isGreaterThan(1.0);

        PairedRuns difference = new PairedRuns(slower, theirs);
        assertThat(difference.clearlySlower()).isTrue();
        assertThat(difference.wallRatio()).isBetween(1.1, 1.5);
    }

    @Test
    void testPairedMedianStaysInsideItsInterval()
    {
        // 15 rounds: ours is 1.2x theirs in every round but three, in which only ours was slowed (2.4x); theirs was
        // slowed in seven other rounds together with ours
        List<QueryStatistics> ours = new ArrayList<>();
        List<QueryStatistics> theirs = new ArrayList<>();
        for (int round = 0; round < 15; round++) {
            boolean bothSlowed = round >= 8;
            boolean oursAloneSlowed = round >= 5 && round < 8;
            theirs.add(run(bothSlowed ? 100 : 50));
            ours.add(run(bothSlowed || oursAloneSlowed ? 120 : 60));
        }
        PairedRuns paired = new PairedRuns(ours, theirs);
        assertThat(paired.pairedWallRatio()).isCloseTo(1.2, within(0.001));
        assertThat(paired.pairedWallRatio()).isBetween(paired.wallRatioInterval().low(), paired.wallRatioInterval().high());
        // the ratio of the two medians (120 / 50) says something no round says
        assertThat(paired.wallRatio()).isCloseTo(2.4, within(0.001));
        assertThat(paired.wallRatio()).isGreaterThan(paired.wallRatioInterval().high());
    }

    private static QueryStatistics run(double wallMillis)
    {
        return new QueryStatistics(Math.round(wallMillis), Math.round(wallMillis / 2), 1, 1, 1);
    }
}
