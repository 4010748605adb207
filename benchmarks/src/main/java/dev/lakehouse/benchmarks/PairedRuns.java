package dev.lakehouse.benchmarks;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The runs of one query on both connectors, round by round, and what they say about the ratio ours / theirs. Each
 * round gives a paired ratio (the two runs saw the same machine state); their median has a distribution-free 95%
 * confidence interval from order statistics, which tells a real difference from the run-to-run noise of a small
 * machine.
 */
record PairedRuns(List<QueryStatistics> ours, List<QueryStatistics> theirs)
{
    PairedRuns
    {
        checkArgument(ours.size() == theirs.size() && !ours.isEmpty(), "both connectors need the same number of runs");
        ours = List.copyOf(ours);
        theirs = List.copyOf(theirs);
    }

    record Interval(double low, double high) {}

    /** The run of median wall time (whose splits and bytes read represent the query). */
    QueryStatistics oursMedian()
    {
        return medianRun(ours);
    }

    QueryStatistics theirsMedian()
    {
        return medianRun(theirs);
    }

    double wallRatio()
    {
        return (double) median(ours, QueryStatistics::wallMillis) / Math.max(1, median(theirs, QueryStatistics::wallMillis));
    }

    long oursCpuMillis()
    {
        return median(ours, QueryStatistics::cpuMillis);
    }

    long theirsCpuMillis()
    {
        return median(theirs, QueryStatistics::cpuMillis);
    }

    double cpuRatio()
    {
        return (double) oursCpuMillis() / Math.max(1, theirsCpuMillis());
    }

    /**
     * The median of the per-round wall-time ratios: the statistic {@link #wallRatioInterval()} is an interval for. Where
     * a few slow rounds of one side skew its median alone, this stays inside the interval; {@link #wallRatio()} (the
     * ratio of the two medians) need not.
     */
    double pairedWallRatio()
    {
        double[] ratios = pairedRatios();
        Arrays.sort(ratios);
        return ratios[ratios.length / 2];
    }

    private double[] pairedRatios()
    {
        int rounds = ours.size();
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            ratios[round] = (double) ours.get(round).wallMillis() / Math.max(1, theirs.get(round).wallMillis());
        }
        return ratios;
    }

    /**
     * An interval that holds the median of the per-round wall-time ratios with at least 95% confidence: the k-th
     * smallest and k-th largest ratio, for the largest k with P(Binomial(n, 1/2) < k) <= 2.5%. With fewer than 6 rounds
     * no such k exists, and the interval is all the ratios seen.
     */
    Interval wallRatioInterval()
    {
        return medianInterval(pairedRatios());
    }

    /**
     * The interval of {@link #wallRatioInterval()} for any per-round ratios.
     */
    static Interval medianInterval(double[] ratios)
    {
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        int k = Math.max(1, orderStatisticForMedianInterval(sorted.length));
        return new Interval(sorted[k - 1], sorted[sorted.length - k]);
    }

    /** Slower beyond the noise: the whole interval is above 1. */
    boolean clearlySlower()
    {
        return wallRatioInterval().low() > 1.0;
    }

    static int orderStatisticForMedianInterval(int rounds)
    {
        // P(X < k) for X ~ Binomial(rounds, 1/2), growing k while it stays within 2.5%
        double probability = Math.pow(0.5, rounds);
        double cumulative = 0;
        double term = probability;
        int k = 0;
        for (int i = 0; i < rounds; i++) {
            cumulative += term;
            if (cumulative > 0.025) {
                break;
            }
            k = i + 1;
            term = term * (rounds - i) / (i + 1);
        }
        return k;
    }

    private static QueryStatistics medianRun(List<QueryStatistics> runs)
    {
        return runs.stream().sorted(Comparator.comparingLong(QueryStatistics::wallMillis)).toList().get(runs.size() / 2);
    }

    private static long median(List<QueryStatistics> runs, ToLongFunction<QueryStatistics> value)
    {
        return runs.stream().mapToLong(value).sorted().toArray()[runs.size() / 2];
    }
}
