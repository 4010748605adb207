package dev.lakehouse.trino;

import dev.lakehouse.trino.schema.FieldIds;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.type.Type;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A column of a lakehouse table.
 *
 * @param physicalName the column's name in the Parquet files (differs from {@code name} under column mapping)
 * @param physicalType the type with nested row fields named as in the Parquet files (differs from {@code type}
 *         under column mapping)
 * @param fieldIds the Parquet field ids of the column and its nested fields, under column mapping
 */
public record LakehouseColumnHandle(String name, String physicalName, Type type, boolean partitionKey, Type physicalType, Optional<FieldIds> fieldIds)
        implements ColumnHandle
{
    public LakehouseColumnHandle
    {
        requireNonNull(name, "name is null");
        requireNonNull(physicalName, "physicalName is null");
        requireNonNull(type, "type is null");
        requireNonNull(physicalType, "physicalType is null");
        requireNonNull(fieldIds, "fieldIds is null");
    }

    /**
     * A column without column mapping.
     */
    public LakehouseColumnHandle(String name, String physicalName, Type type, boolean partitionKey)
    {
        this(name, physicalName, type, partitionKey, type, Optional.empty());
    }
}
