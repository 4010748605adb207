package dev.lakehouse.maintenance.measure;

import com.google.common.collect.ImmutableList;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;

/**
 * What the log says about a table's layout at one version, measured against its policy; everything here comes
 * from the log alone.
 *
 * @param smallFiles files below {@link Thresholds#SMALL_FILE_FRACTION} of the target size
 * @param fragments files below 1/{@link Thresholds#FRAGMENT_DIVISOR} of the target size
 * @param smallFileGroups the small files of each partition holding at least two (what compaction rewrites)
 * @param filesWithoutStatistics files whose statistics lack the row count or a column's null count
 * @param clusteringColumns the table's clustering columns; empty when it is not clustered, or clustering or maintenance is off
 *                          for it (what the service will not do, it does not plan)
 * @param clusteringCandidates files the clustering planner would rewrite: unclustered ones and clustered ones that
 *                             belong to clustering runs to merge (too many runs overlap)
 * @param unclusteredFiles of the candidates, the files no clustering run wrote (new rows): what triggers clustering
 * @param oldestUnclusteredAt when the oldest of them was written
 * @param averageOverlapDepth the largest average overlap depth over the clustering columns (1.0: disjoint files)
 */
public record TableHealth(
        long version,
        int files,
        long bytes,
        long targetFileSize,
        int smallFiles,
        int fragments,
        List<PartitionGroup> smallFileGroups,
        int filesWithoutStatistics,
        List<String> clusteringColumns,
        int clusteringCandidates,
        long clusteringCandidateBytes,
        int unclusteredFiles,
        long unclusteredBytes,
        Optional<Instant> oldestUnclusteredAt,
        OptionalDouble averageOverlapDepth)
{
    public TableHealth
    {
        smallFileGroups = ImmutableList.copyOf(smallFileGroups);
        clusteringColumns = ImmutableList.copyOf(clusteringColumns);
        requireNonNull(oldestUnclusteredAt, "oldestUnclusteredAt is null");
        requireNonNull(averageOverlapDepth, "averageOverlapDepth is null");
    }

    public boolean clustered()
    {
        return !clusteringColumns.isEmpty();
    }
}
