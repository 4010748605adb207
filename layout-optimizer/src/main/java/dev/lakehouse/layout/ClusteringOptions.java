package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.layout.SpaceFillingCurve.MAX_DIMENSIONS;
import static java.util.Objects.requireNonNull;

/**
 * What {@link ClusteringPlanner} aims for.
 *
 * @param clusteringColumns the columns rows are sorted by, in order, as named in the table's schema (and
 *         in the files' statistics and clustering tags); 1 to {@value SpaceFillingCurve#MAX_DIMENSIONS}
 * @param curve the order along which rows are sorted
 * @param targetFileSizeBytes the size of the files a clustering rewrite writes
 * @param maxOverlapDepth how many other clustering runs may have a file whose key box intersects a clustered
 *         file's before the planner merges runs (see {@link ClusteringPlanner}); 0 asks for disjoint runs
 * @param stableRunSizeBytes a clustering run of at least this many bytes (in a partition) is complete: it is never
 *         merged again and does not count toward the overlap depth of other runs ({@link #NO_STABLE_RUNS}: every
 *         run may be merged)
 */
public record ClusteringOptions(List<String> clusteringColumns, CurveKind curve, long targetFileSizeBytes, int maxOverlapDepth, long stableRunSizeBytes)
{
    public static final long NO_STABLE_RUNS = Long.MAX_VALUE;

    public ClusteringOptions(List<String> clusteringColumns, CurveKind curve, long targetFileSizeBytes, int maxOverlapDepth)
    {
        this(clusteringColumns, curve, targetFileSizeBytes, maxOverlapDepth, NO_STABLE_RUNS);
    }

    public ClusteringOptions
    {
        clusteringColumns = ImmutableList.copyOf(requireNonNull(clusteringColumns, "clusteringColumns is null"));
        requireNonNull(curve, "curve is null");
        checkArgument(!clusteringColumns.isEmpty() && clusteringColumns.size() <= MAX_DIMENSIONS,
                "clusteringColumns must name 1 to %s columns, got %s", MAX_DIMENSIONS, clusteringColumns);
        Set<String> seen = new HashSet<>();
        for (String column : clusteringColumns) {
            checkArgument(!column.isEmpty(), "clusteringColumns contains an empty name: %s", clusteringColumns);
            checkArgument(seen.add(column), "clusteringColumns names %s twice: %s", column, clusteringColumns);
        }
        checkArgument(targetFileSizeBytes > 0, "targetFileSizeBytes must be positive, got %s", targetFileSizeBytes);
        checkArgument(maxOverlapDepth >= 0, "maxOverlapDepth must not be negative, got %s", maxOverlapDepth);
        checkArgument(stableRunSizeBytes > 0, "stableRunSizeBytes must be positive, got %s", stableRunSizeBytes);
    }
}
