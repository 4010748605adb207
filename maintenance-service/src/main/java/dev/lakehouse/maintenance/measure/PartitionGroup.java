package dev.lakehouse.maintenance.measure;

import com.google.common.collect.ImmutableMap;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The small files of one partition: what a compaction batch of that partition would rewrite.
 *
 * @param partitionValues partition column to value, empty for NULL; empty map for an unpartitioned table
 * @param oldestModifiedAt when the oldest of these files was written
 */
public record PartitionGroup(Map<String, Optional<String>> partitionValues, int files, long bytes, Instant oldestModifiedAt)
{
    public PartitionGroup
    {
        partitionValues = ImmutableMap.copyOf(partitionValues);
        requireNonNull(oldestModifiedAt, "oldestModifiedAt is null");
    }
}
