package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.layout.ClusteringOptions;
import dev.lakehouse.layout.CurveKind;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What a clustering run sorts by.
 *
 * @param columns physical names of the clustering columns, in order
 * @param maxOverlapDepth when a clustered file's box would meet files of more other runs than this, runs are merged
 * @param stableRunSize runs of at least this many bytes are never merged ({@link ClusteringOptions#NO_STABLE_RUNS}: none)
 */
public record ClusteringSpec(List<String> columns, CurveKind curve, long targetFileSize, int maxOverlapDepth, long stableRunSize)
{
    /**
     * A spec for writes, which cluster what they write and merge nothing.
     */
    public static ClusteringSpec forWrites(List<String> columns, long targetFileSize)
    {
        return new ClusteringSpec(columns, CurveKind.HILBERT, targetFileSize, 0, ClusteringOptions.NO_STABLE_RUNS);
    }

    public ClusteringSpec
    {
        columns = ImmutableList.copyOf(columns);
        checkArgument(!columns.isEmpty(), "no clustering columns");
        requireNonNull(curve, "curve is null");
    }
}
