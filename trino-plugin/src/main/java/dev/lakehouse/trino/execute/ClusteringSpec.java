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
 * @param maxOverlapDepth clustered files overlapping more files of other runs than this are clustered again
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
