package dev.lakehouse.stats;

import io.airlift.slice.Slice;
import io.airlift.stats.cardinality.HyperLogLog;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Table-level statistics of one column that per-file min/max cannot give: a distinct-values sketch
 * (airlift HyperLogLog, the format of Trino's {@code approx_set}) and the total size of its values.
 * Summaries of disjoint sets of rows merge into the summary of their union, so an append only adds its own.
 */
public record ColumnSummary(Optional<Slice> distinctValuesSketch, OptionalLong totalSizeInBytes)
{
    public ColumnSummary
    {
        requireNonNull(distinctValuesSketch, "distinctValuesSketch is null");
        requireNonNull(totalSizeInBytes, "totalSizeInBytes is null");
    }

    public OptionalLong distinctValues()
    {
        return distinctValuesSketch
                .map(sketch -> OptionalLong.of(HyperLogLog.newInstance(sketch).cardinality()))
                .orElse(OptionalLong.empty());
    }

    /**
     * The summary of both sets of rows; what only one side knows is unknown for the union.
     */
    public ColumnSummary merge(ColumnSummary other)
    {
        Optional<Slice> sketch = Optional.empty();
        if (distinctValuesSketch.isPresent() && other.distinctValuesSketch.isPresent()) {
            HyperLogLog merged = HyperLogLog.newInstance(distinctValuesSketch.get());
            merged.mergeWith(HyperLogLog.newInstance(other.distinctValuesSketch.get()));
            sketch = Optional.of(merged.serialize());
        }
        OptionalLong size = totalSizeInBytes.isPresent() && other.totalSizeInBytes.isPresent()
                ? OptionalLong.of(totalSizeInBytes.getAsLong() + other.totalSizeInBytes.getAsLong())
                : OptionalLong.empty();
        return new ColumnSummary(sketch, size);
    }
}
