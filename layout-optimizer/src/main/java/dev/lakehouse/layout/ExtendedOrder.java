package dev.lakehouse.layout;

import java.util.Comparator;

import static java.util.Objects.requireNonNull;

/**
 * The order of one column's values extended with {@link #NULL} below every value and two infinities at
 * the ends, so that every {@link ColumnRange} becomes a closed interval: {@code [min, max]} for bounded
 * ranges, {@code [NULL, NULL]} for all-null files (nulls sort first, as in {@link RankNormalizer}), and
 * {@code [-infinity, +infinity]} for unknown ranges, which may contain anything.
 */
final class ExtendedOrder
        implements Comparator<Object>
{
    static final Object NEGATIVE_INFINITY = new Marker("-infinity");
    static final Object NULL = new Marker("NULL");
    static final Object POSITIVE_INFINITY = new Marker("+infinity");

    private final Comparator<Object> values;

    ExtendedOrder(Comparator<Object> values)
    {
        this.values = requireNonNull(values, "values is null");
    }

    /** A closed interval of the extended order. */
    record Interval(Object low, Object high) {}

    /**
     * The interval covering every value a file with {@code range} may hold; a bounded range with its
     * {@code min} above its {@code max} is treated as unknown (the statistics cannot be trusted).
     */
    Interval interval(ColumnRange range)
    {
        return switch (range) {
            case ColumnRange.Bounded(Object min, Object max) -> values.compare(min, max) <= 0
                    ? new Interval(min, max)
                    : new Interval(NEGATIVE_INFINITY, POSITIVE_INFINITY);
            case ColumnRange.AllNulls _ -> new Interval(NULL, NULL);
            case ColumnRange.Unknown _ -> new Interval(NEGATIVE_INFINITY, POSITIVE_INFINITY);
        };
    }

    boolean intersect(Interval left, Interval right)
    {
        return compare(left.low(), right.high()) <= 0 && compare(right.low(), left.high()) <= 0;
    }

    @Override
    public int compare(Object left, Object right)
    {
        int result = Integer.compare(rank(left), rank(right));
        if (result != 0 || rank(left) != 2) {
            return result;
        }
        return values.compare(left, right);
    }

    private static int rank(Object value)
    {
        if (value == NEGATIVE_INFINITY) {
            return 0;
        }
        if (value == NULL) {
            return 1;
        }
        if (value == POSITIVE_INFINITY) {
            return 3;
        }
        return 2;
    }

    private record Marker(String name)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }
}
