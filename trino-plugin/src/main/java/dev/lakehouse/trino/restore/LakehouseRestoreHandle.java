package dev.lakehouse.trino.restore;

import dev.lakehouse.trino.LakehouseTableHandle;
import io.trino.spi.connector.ConnectorTableExecuteHandle;

import static java.util.Objects.requireNonNull;

/**
 * A {@code restore} of the table {@code table} describes (its latest version) to {@code targetVersion}.
 */
public record LakehouseRestoreHandle(LakehouseTableHandle table, long targetVersion, int checkpointInterval)
        implements ConnectorTableExecuteHandle
{
    public LakehouseRestoreHandle
    {
        requireNonNull(table, "table is null");
    }
}
