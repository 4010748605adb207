package dev.lakehouse.trino.merge;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.lakehouse.trino.LakehouseTableHandle;
import dev.lakehouse.trino.LakehouseWriteHandle;
import io.trino.spi.connector.ConnectorMergeTableHandle;
import io.trino.spi.connector.ConnectorTableHandle;

import static java.util.Objects.requireNonNull;

/**
 * A DELETE, UPDATE or MERGE in progress: the table version its scan reads, and how its writers write new files (the
 * inserted rows, and the rows kept from files it rewrites).
 *
 * @param deletionVectors whether rows are deleted by deletion vectors (the table enables them) rather than by
 *         rewriting their files
 * @param changeDataFeed whether the changed rows are also written as change data (the table records its change feed)
 */
public record LakehouseMergeTableHandle(LakehouseTableHandle table, LakehouseWriteHandle write, boolean deletionVectors, boolean changeDataFeed)
        implements ConnectorMergeTableHandle
{
    public LakehouseMergeTableHandle
    {
        requireNonNull(table, "table is null");
        requireNonNull(write, "write is null");
    }

    @JsonIgnore
    @Override
    public ConnectorTableHandle getTableHandle()
    {
        return table;
    }
}
