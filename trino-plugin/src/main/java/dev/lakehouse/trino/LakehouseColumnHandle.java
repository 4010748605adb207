package dev.lakehouse.trino;

import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.type.Type;

import static java.util.Objects.requireNonNull;

/**
 * A column of a lakehouse table.
 *
 * @param physicalName the column's name in the Parquet files (differs from {@code name} under column mapping)
 */
public record LakehouseColumnHandle(String name, String physicalName, Type type, boolean partitionKey)
        implements ColumnHandle
{
    public LakehouseColumnHandle
    {
        requireNonNull(name, "name is null");
        requireNonNull(physicalName, "physicalName is null");
        requireNonNull(type, "type is null");
    }
}
