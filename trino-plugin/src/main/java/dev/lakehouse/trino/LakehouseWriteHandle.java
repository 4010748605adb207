package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.trino.execute.ClusteringSpec;
import io.trino.spi.connector.ConnectorInsertTableHandle;
import io.trino.spi.connector.ConnectorOutputTableHandle;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A write in progress: CREATE TABLE AS (no read version; the table's first actions are carried along) or INSERT.
 *
 * @param columns the columns of the pages the sink receives, in order
 * @param creationActions the protocol and metaData actions (JSON lines) that create the table, for CTAS
 * @param external true when a new table lives outside the warehouse and needs a pointer from it
 * @param clustering how each writer sorts its rows before writing them (cluster on write), if it does
 * @param replace CREATE OR REPLACE TABLE ... AS of an existing table: the creation actions replace it at its latest version
 */
public record LakehouseWriteHandle(
        SchemaTableName schemaTableName,
        String location,
        List<LakehouseColumnHandle> columns,
        List<String> partitionColumns,
        OptionalLong readVersion,
        List<String> creationActions,
        int checkpointInterval,
        boolean external,
        Optional<ClusteringSpec> clustering,
        boolean replace)
        implements ConnectorOutputTableHandle, ConnectorInsertTableHandle
{
    public LakehouseWriteHandle
    {
        requireNonNull(schemaTableName, "schemaTableName is null");
        requireNonNull(location, "location is null");
        columns = ImmutableList.copyOf(columns);
        partitionColumns = ImmutableList.copyOf(partitionColumns);
        requireNonNull(readVersion, "readVersion is null");
        creationActions = ImmutableList.copyOf(creationActions);
        requireNonNull(clustering, "clustering is null");
    }
}
