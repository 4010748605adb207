package dev.lakehouse.trino.changefeed;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.trino.LakehouseColumnHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A {@code table_changes} call after analysis: the commits after {@code sinceVersion} up to {@code untilVersion}
 * (the latest version when the query was analysed, unless given), and the table's columns in that version.
 */
public record TableChangesHandle(SchemaTableName table, String location, long sinceVersion, long untilVersion, List<LakehouseColumnHandle> columns)
        implements ConnectorTableFunctionHandle
{
    public TableChangesHandle
    {
        requireNonNull(table, "table is null");
        requireNonNull(location, "location is null");
        columns = ImmutableList.copyOf(columns);
    }
}
