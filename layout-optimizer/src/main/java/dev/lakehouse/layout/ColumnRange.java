package dev.lakehouse.layout;

import static java.util.Objects.requireNonNull;

/**
 * What a data file's statistics say about one column: the closed range {@code [min, max]} of its non-null
 * values, that it holds only nulls, or nothing.
 *
 * <p>Why values are plain {@code Object}s: they are the column's Trino native values ({@code Long},
 * {@code Double}, {@code Boolean}, {@code Slice}, {@code Int128}, ...), and the caller orders them with a
 * {@code Comparator<Object>} built from the column's type. So this module needs no dependency on Trino's
 * types, and a range is never compared without the order of its column.
 *
 * <p>A {@link Bounded} range says nothing about nulls: the file may hold nulls besides its non-null values.
 * The Delta log drops min/max for a column whose values are all null (its null count then equals the row
 * count); the caller maps that to {@link AllNulls}. Anything else the caller cannot vouch for (no stats,
 * stats of other columns only, truncated bounds it does not trust) is {@link Unknown}.
 */
public sealed interface ColumnRange
        permits ColumnRange.Bounded, ColumnRange.AllNulls, ColumnRange.Unknown
{
    static ColumnRange of(Object min, Object max)
    {
        return new Bounded(min, max);
    }

    static ColumnRange allNulls()
    {
        return new AllNulls();
    }

    static ColumnRange unknown()
    {
        return new Unknown();
    }

    /**
     * The non-null values of the column lie in {@code [min, max]}, both inclusive. The order of the two is
     * not checked here (it needs the column's comparator): users treat a range whose {@code min} is above
     * its {@code max} as {@link Unknown}.
     */
    record Bounded(Object min, Object max)
            implements ColumnRange
    {
        public Bounded
        {
            requireNonNull(min, "min is null");
            requireNonNull(max, "max is null");
        }
    }

    /** Every value of the column in the file is null. */
    record AllNulls()
            implements ColumnRange {}

    /** No usable statistics for the column. */
    record Unknown()
            implements ColumnRange {}
}
