package dev.lakehouse.trino.execute;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.trino.LakehouseColumnHandle;
import io.trino.spi.connector.ConnectorTableExecuteHandle;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An {@code optimize} in progress: the snapshot it reads, and what its page sinks write.
 *
 * @param readVersion the version whose small files are rewritten; the commit checks that none of them was removed since
 * @param columns the table's columns, in the order of the pages the sinks receive
 */
public record LakehouseOptimizeHandle(
        SchemaTableName schemaTableName,
        String location,
        long readVersion,
        List<LakehouseColumnHandle> columns,
        List<String> partitionColumns,
        int checkpointInterval,
        long fileSizeThreshold)
        implements ConnectorTableExecuteHandle
{
    public LakehouseOptimizeHandle
    {
        requireNonNull(schemaTableName, "schemaTableName is null");
        requireNonNull(location, "location is null");
        columns = ImmutableList.copyOf(columns);
        partitionColumns = ImmutableList.copyOf(partitionColumns);
    }

    public LakehouseOptimizeHandle withReadVersion(long newReadVersion)
    {
        return new LakehouseOptimizeHandle(schemaTableName, location, newReadVersion, columns, partitionColumns, checkpointInterval, fileSizeThreshold);
    }
}
