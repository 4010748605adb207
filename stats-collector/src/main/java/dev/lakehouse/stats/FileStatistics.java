package dev.lakehouse.stats;

import com.google.common.collect.ImmutableMap;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Statistics of one data file, as Trino native values keyed by the column's physical name.
 * A column missing from {@code minValues}/{@code maxValues}/{@code nullCounts} has no such statistic.
 */
public record FileStatistics(Optional<Long> numRecords, Map<String, Object> minValues, Map<String, Object> maxValues, Map<String, Long> nullCounts)
{
    public static final FileStatistics EMPTY = new FileStatistics(Optional.empty(), ImmutableMap.of(), ImmutableMap.of(), ImmutableMap.of());

    public FileStatistics
    {
        requireNonNull(numRecords, "numRecords is null");
        minValues = ImmutableMap.copyOf(minValues);
        maxValues = ImmutableMap.copyOf(maxValues);
        nullCounts = ImmutableMap.copyOf(nullCounts);
    }

    /**
     * These statistics with the columns of {@code other} added: the two describe different columns of the same file.
     */
    public FileStatistics withColumnsOf(FileStatistics other)
    {
        return new FileStatistics(
                numRecords.or(other::numRecords),
                ImmutableMap.<String, Object>builder().putAll(minValues).putAll(other.minValues).buildOrThrow(),
                ImmutableMap.<String, Object>builder().putAll(maxValues).putAll(other.maxValues).buildOrThrow(),
                ImmutableMap.<String, Long>builder().putAll(nullCounts).putAll(other.nullCounts).buildOrThrow());
    }

    public Optional<Object> min(String column)
    {
        return Optional.ofNullable(minValues.get(column));
    }

    public Optional<Object> max(String column)
    {
        return Optional.ofNullable(maxValues.get(column));
    }

    public Optional<Long> nullCount(String column)
    {
        return Optional.ofNullable(nullCounts.get(column));
    }
}
