package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.trino.LakehouseColumnHandle;
import io.trino.spi.connector.ConnectorTableExecuteHandle;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An {@code optimize} or {@code cluster} in progress: the snapshot it reads, and what its page sinks write.
 *
 * @param readVersion the version whose files are rewritten; the commit checks that none of them was removed since
 * @param columns the table's columns, in the order of the pages the sinks receive
 * @param clustering present for {@code cluster}: the sinks sort rows along this curve before writing
 */
public record LakehouseRewriteHandle(
        SchemaTableName schemaTableName,
        String location,
        long readVersion,
        List<LakehouseColumnHandle> columns,
        List<String> partitionColumns,
        int checkpointInterval,
        long fileSizeThreshold,
        Optional<ClusteringSpec> clustering)
        implements ConnectorTableExecuteHandle
{
    public LakehouseRewriteHandle
    {
        requireNonNull(schemaTableName, "schemaTableName is null");
        requireNonNull(location, "location is null");
        columns = ImmutableList.copyOf(columns);
        partitionColumns = ImmutableList.copyOf(partitionColumns);
        requireNonNull(clustering, "clustering is null");
    }

    public LakehouseRewriteHandle withReadVersion(long newReadVersion)
    {
        return new LakehouseRewriteHandle(schemaTableName, location, newReadVersion, columns, partitionColumns, checkpointInterval, fileSizeThreshold, clustering);
    }
}
