package dev.lakehouse.layout;

import com.google.common.collect.ImmutableMap;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A data file as the planners see it: what the Delta log's {@code add} action says about it, already
 * decoded by the caller. The planners do no I/O, so everything they decide on is here.
 *
 * @param path the file's path as the log records it, unique within a snapshot
 * @param partitionValues partition column to value; {@link Optional#empty()} is the NULL partition value
 *         (the log writes it as {@code null}), so that immutable maps can hold it; empty for an
 *         unpartitioned table
 * @param sizeInBytes the file's size
 * @param rowCount the {@code numRecords} of the file's statistics, when present
 * @param tags the {@code tags} of the {@code add} action; clustering runs mark their files there (see
 *         {@link ClusteringTags})
 * @param ranges the statistics of the columns the caller cares about (at least the clustering columns);
 *         a missing column means {@link ColumnRange.Unknown}
 */
public record DataFileDescriptor(
        String path,
        Map<String, Optional<String>> partitionValues,
        long sizeInBytes,
        OptionalLong rowCount,
        Map<String, String> tags,
        Map<String, ColumnRange> ranges)
{
    public DataFileDescriptor
    {
        requireNonNull(path, "path is null");
        checkArgument(!path.isEmpty(), "path is empty");
        partitionValues = ImmutableMap.copyOf(requireNonNull(partitionValues, "partitionValues is null"));
        checkArgument(sizeInBytes >= 0, "sizeInBytes of %s is negative: %s", path, sizeInBytes);
        requireNonNull(rowCount, "rowCount is null");
        checkArgument(rowCount.orElse(0) >= 0, "rowCount of %s is negative: %s", path, rowCount);
        tags = ImmutableMap.copyOf(requireNonNull(tags, "tags is null"));
        ranges = ImmutableMap.copyOf(requireNonNull(ranges, "ranges is null"));
    }

    /** The statistics of {@code column}, {@link ColumnRange.Unknown} when the file has none for it. */
    public ColumnRange range(String column)
    {
        requireNonNull(column, "column is null");
        ColumnRange range = ranges.get(column);
        return range == null ? ColumnRange.unknown() : range;
    }
}
