package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestRankNormalizer
{
    private static final int BITS = 4;
    private static final int BUCKETS = 1 << BITS;

    @Test
    void testSpreadsSkewedValuesEvenly()
    {
        Random random = new Random(1);
        // log-normal amounts: most are small, a long tail of large ones
        List<Double> sample = logNormal(random, 20_000);
        RankNormalizer<Double> normalizer = RankNormalizer.fromSample(sample, BITS);
        assertThat(normalizer.boundaries()).hasSize(BUCKETS - 1);

        List<Double> rows = logNormal(random, 200_000);
        int[] byRank = new int[BUCKETS];
        for (double value : rows) {
            byRank[(int) normalizer.coordinate(value)]++;
        }
        int expected = rows.size() / BUCKETS;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            assertThat(byRank[bucket])
                    .as("rows in bucket %s of %s", bucket, Arrays.toString(byRank))
                    .isBetween((int) (expected * 0.9), (int) (expected * 1.1));
        }

        // the data really is skewed: cutting the range into equal widths leaves most buckets nearly empty
        double min = rows.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = rows.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        int[] byWidth = new int[BUCKETS];
        for (double value : rows) {
            byWidth[(int) Math.min(BUCKETS - 1, (value - min) / (max - min) * BUCKETS)]++;
        }
        assertThat(byWidth[0]).isGreaterThan(rows.size() / 2);
    }

    @Test
    void testCoordinatesFollowTheOrderOfValues()
    {
        Random random = new Random(2);
        List<Long> sample = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            sample.add(random.nextLong(-1_000_000, 1_000_000));
        }
        RankNormalizer<Long> normalizer = RankNormalizer.fromSample(sample, 6);
        long[] values = random.longs(10_000, -2_000_000, 2_000_000).sorted().toArray();
        long previous = 0;
        for (long value : values) {
            long coordinate = normalizer.coordinate(value);
            assertThat(coordinate).isBetween(previous, 63L);
            previous = coordinate;
        }
        assertThat(normalizer.coordinate(Long.MIN_VALUE)).isZero();
        assertThat(normalizer.coordinate(Long.MAX_VALUE)).isEqualTo(63);
    }

    @Test
    void testValuesOnBoundariesStartTheirBucket()
    {
        RankNormalizer<Integer> normalizer = RankNormalizer.fromBoundaries(ImmutableList.of(10, 20, 30), Comparator.naturalOrder(), 2);
        assertThat(normalizer.coordinate(9)).isEqualTo(0);
        assertThat(normalizer.coordinate(10)).isEqualTo(1);
        assertThat(normalizer.coordinate(19)).isEqualTo(1);
        assertThat(normalizer.coordinate(20)).isEqualTo(2);
        assertThat(normalizer.coordinate(30)).isEqualTo(3);
        assertThat(normalizer.coordinate(1000)).isEqualTo(3);
    }

    @Test
    void testNullsFirst()
    {
        List<String> sample = new ArrayList<>();
        for (char letter = 'a'; letter <= 'z'; letter++) {
            sample.add(String.valueOf(letter));
            sample.add(null);
        }
        RankNormalizer<String> normalizer = RankNormalizer.fromSample(sample, 2);
        // nulls in the sample do not take quantiles: 26 letters in 4 buckets cut at g, n, t
        assertThat(normalizer.boundaries()).containsExactly("g", "n", "t");
        assertThat(normalizer.coordinate(null)).isZero();
        assertThat(normalizer.coordinate("a")).isZero();
        assertThat(normalizer.coordinate("zebra")).isEqualTo(3);
    }

    @Test
    void testRepeatedValuesShareOneBucket()
    {
        Random random = new Random(3);
        List<Integer> sample = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // 90% of the rows have the value 0
            sample.add(random.nextInt(10) == 0 ? random.nextInt(1, 1_000_000) : 0);
        }
        RankNormalizer<Integer> normalizer = RankNormalizer.fromSample(sample, BITS);
        List<Integer> boundaries = normalizer.boundaries();
        assertThat(boundaries).isSorted().doesNotHaveDuplicates().contains(0);
        assertThat(boundaries.size()).isLessThan(BUCKETS - 1);
        assertThat(normalizer.coordinate(0)).isEqualTo(1);
        assertThat(normalizer.coordinate(-5)).isZero();
        assertThat(normalizer.coordinate(Integer.MAX_VALUE)).isEqualTo(boundaries.size());
    }

    @Test
    void testComparatorDefinesTheOrder()
    {
        List<Integer> sample = ImmutableList.of(1, 2, 3, 4, 5, 6, 7, 8);
        RankNormalizer<Integer> descending = RankNormalizer.fromSample(sample, Comparator.reverseOrder(), 1);
        assertThat(descending.boundaries()).containsExactly(4);
        assertThat(descending.coordinate(8)).isZero();
        assertThat(descending.coordinate(4)).isEqualTo(1);
        assertThat(descending.coordinate(1)).isEqualTo(1);
    }

    @Test
    void testQuantileBoundaries()
    {
        List<Integer> sample = new ArrayList<>();
        for (int i = 99; i >= 0; i--) {
            sample.add(i);
        }
        assertThat(RankNormalizer.quantileBoundaries(sample, Comparator.<Integer>naturalOrder(), 4)).containsExactly(25, 50, 75);
        assertThat(RankNormalizer.quantileBoundaries(sample, Comparator.<Integer>naturalOrder(), 3)).containsExactly(33, 66);
        assertThat(RankNormalizer.quantileBoundaries(sample, Comparator.<Integer>naturalOrder(), 1)).isEmpty();
        assertThat(RankNormalizer.quantileBoundaries(ImmutableList.of(), Comparator.<Integer>naturalOrder(), 16)).isEmpty();
        // more buckets than values: every value but the smallest starts a bucket
        assertThat(RankNormalizer.quantileBoundaries(ImmutableList.of(3, 1, 2), Comparator.<Integer>naturalOrder(), 16)).containsExactly(1, 2, 3);
        assertThat(RankNormalizer.fromSample(ImmutableList.<Integer>of(), 8).coordinate(42)).isZero();
    }

    @Test
    void testRejectsInvalidBoundaries()
    {
        assertThatThrownBy(() -> RankNormalizer.fromBoundaries(ImmutableList.of(1, 3, 3), Comparator.<Integer>naturalOrder(), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("boundaries must be strictly increasing, but boundary 1 (3) is not below boundary 2 (3)");
        assertThatThrownBy(() -> RankNormalizer.fromBoundaries(ImmutableList.of(1, 2, 3, 4), Comparator.<Integer>naturalOrder(), 2))
                .hasMessage("4 boundaries make 5 buckets, more than the 4 of 2 bits");
        assertThatThrownBy(() -> RankNormalizer.fromSample(ImmutableList.of(1), 31))
                .hasMessage("bits must be between 1 and 30, got 31");
    }

    private static List<Double> logNormal(Random random, int count)
    {
        List<Double> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(Math.exp(2 * random.nextGaussian()));
        }
        return values;
    }
}
