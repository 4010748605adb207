package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Turns the values of one column into grid coordinates for a {@link SpaceFillingCurve}, by rank rather
 * than by value.
 *
 * <p>Why ranks: scaling values linearly between min and max puts skewed data (amounts, timestamps with a
 * recent peak, ids with outliers) into a handful of cells, and then the curve cannot separate the rows.
 * Instead the column's range is cut at boundaries taken from quantiles of a sample, and a value's
 * coordinate is the number of boundaries at or below it: every bucket then holds about the same share of
 * the rows, whatever the distribution. Boundaries are ordinary column values, so they can also come from
 * elsewhere (for example an {@code approx_percentile} query) through {@link #fromBoundaries}.
 *
 * <p>Nulls get coordinate 0, so they sort first, together with the smallest values: a null is not
 * comparable with anything, and putting all of a column's nulls in one corner of the grid keeps them in
 * few files, where the null counts of the statistics find them.
 *
 * <p>Repeated values cannot be split by rank: a value that fills several quantiles yields a single
 * boundary (boundaries are distinct), its rows share one coordinate, and fewer than {@code 2^bits}
 * coordinates are used. The order between values is the {@code comparator}'s; for Trino values it must
 * be the order of the column's type.
 *
 * @param <T> the Java type of the column's values
 */
public final class RankNormalizer<T>
{
    /** Coordinates are bucket numbers, and buckets come from a sample held in memory. */
    public static final int MAX_BITS = 30;

    private final List<T> boundaries;
    private final Comparator<? super T> comparator;
    private final int bits;

    private RankNormalizer(List<T> boundaries, Comparator<? super T> comparator, int bits)
    {
        this.boundaries = boundaries;
        this.comparator = comparator;
        this.bits = bits;
    }

    /** A normalizer with {@code 2^bits} buckets at the quantiles of {@code sample}, in natural order. */
    public static <T extends Comparable<? super T>> RankNormalizer<T> fromSample(Collection<? extends T> sample, int bits)
    {
        return fromSample(sample, Comparator.naturalOrder(), bits);
    }

    /** A normalizer with {@code 2^bits} buckets at the quantiles of {@code sample}; nulls in the sample are ignored. */
    public static <T> RankNormalizer<T> fromSample(Collection<? extends T> sample, Comparator<? super T> comparator, int bits)
    {
        checkBits(bits);
        return new RankNormalizer<>(quantileBoundaries(sample, comparator, 1 << bits), comparator, bits);
    }

    /**
     * A normalizer over given boundaries: values below the first boundary get coordinate 0, values from
     * boundary {@code i} up to (excluding) boundary {@code i + 1} get {@code i + 1}.
     *
     * @param boundaries strictly increasing under {@code comparator}, fewer than {@code 2^bits}
     */
    public static <T> RankNormalizer<T> fromBoundaries(List<? extends T> boundaries, Comparator<? super T> comparator, int bits)
    {
        checkBits(bits);
        requireNonNull(comparator, "comparator is null");
        List<T> copy = ImmutableList.copyOf(boundaries);
        checkArgument(copy.size() < (1 << bits), "%s boundaries make %s buckets, more than the %s of %s bits", copy.size(), copy.size() + 1, 1 << bits, bits);
        for (int i = 1; i < copy.size(); i++) {
            if (comparator.compare(copy.get(i - 1), copy.get(i)) >= 0) {
                throw new IllegalArgumentException("boundaries must be strictly increasing, but boundary %s (%s) is not below boundary %s (%s)"
                        .formatted(i - 1, copy.get(i - 1), i, copy.get(i)));
            }
        }
        return new RankNormalizer<>(copy, comparator, bits);
    }

    /**
     * The distinct values that cut a sample into {@code bucketCount} buckets of equal size: with the
     * non-null sample sorted as {@code s[0..m-1]}, boundary {@code k} is {@code s[floor(k * m / bucketCount)]}
     * for {@code k = 1 .. bucketCount - 1}, with repeats dropped. Nulls in the sample are ignored; an
     * empty sample gives no boundaries (every value maps to 0).
     */
    public static <T> List<T> quantileBoundaries(Collection<? extends T> sample, Comparator<? super T> comparator, int bucketCount)
    {
        requireNonNull(sample, "sample is null");
        requireNonNull(comparator, "comparator is null");
        checkArgument(bucketCount >= 1, "bucketCount must be at least 1, got %s", bucketCount);
        List<T> sorted = new ArrayList<>(sample.size());
        for (T value : sample) {
            if (value != null) {
                sorted.add(value);
            }
        }
        sorted.sort(comparator);
        long size = sorted.size();
        ImmutableList.Builder<T> boundaries = ImmutableList.builder();
        T previous = null;
        for (int bucket = 1; bucket < bucketCount && size > 0; bucket++) {
            T boundary = sorted.get((int) (bucket * size / bucketCount));
            if (previous == null || comparator.compare(previous, boundary) < 0) {
                boundaries.add(boundary);
                previous = boundary;
            }
        }
        return boundaries.build();
    }

    /** The coordinate of {@code value}: the number of boundaries at or below it, 0 for null. */
    public long coordinate(T value)
    {
        if (value == null) {
            return 0;
        }
        int position = Collections.binarySearch(boundaries, value, comparator);
        // boundaries are distinct: a hit at i means boundaries 0..i are at or below the value
        return position >= 0 ? position + 1 : -(position + 1);
    }

    /** The width of the coordinates, to create the {@link SpaceFillingCurve} with. */
    public int bitsPerDimension()
    {
        return bits;
    }

    public List<T> boundaries()
    {
        return boundaries;
    }

    private static void checkBits(int bits)
    {
        checkArgument(bits >= 1 && bits <= MAX_BITS, "bits must be between 1 and %s, got %s", MAX_BITS, bits);
    }

    @Override
    public String toString()
    {
        return "RankNormalizer{bits=%s, boundaries=%s}".formatted(bits, boundaries.size());
    }
}
