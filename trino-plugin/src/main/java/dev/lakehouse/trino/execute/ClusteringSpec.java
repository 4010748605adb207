package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.layout.CurveKind;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What a clustering run sorts by.
 *
 * @param columns physical names of the clustering columns, in order
 * @param maxOverlapDepth when a clustered file's box would meet files of more other runs than this, runs are merged
 */
public record ClusteringSpec(List<String> columns, CurveKind curve, long targetFileSize, int maxOverlapDepth)
{
    public ClusteringSpec
    {
        columns = ImmutableList.copyOf(columns);
        checkArgument(!columns.isEmpty(), "no clustering columns");
        requireNonNull(curve, "curve is null");
    }
}
