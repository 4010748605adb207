package dev.lakehouse.trino.execute;

import dev.lakehouse.trino.LakehouseTableHandle;
import io.trino.spi.connector.ConnectorTableExecuteHandle;

import static java.util.Objects.requireNonNull;

/**
 * A {@code rebuild_stats} of the table version {@code table} describes.
 */
public record LakehouseRebuildStatisticsHandle(LakehouseTableHandle table, int checkpointInterval)
        implements ConnectorTableExecuteHandle
{
    public LakehouseRebuildStatisticsHandle
    {
        requireNonNull(table, "table is null");
    }
}
