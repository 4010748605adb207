package dev.lakehouse.transactionlog.schema;

import dev.lakehouse.transactionlog.actions.MetadataEntry;
import io.trino.spi.TrinoException;

import java.util.Locale;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_FEATURE;

/**
 * How the columns of a table's schema find their data in the Parquet files (Delta's {@code columnMapping} feature):
 * by their own name ({@code none}), by the physical name in their field metadata ({@code name}), or by the Parquet
 * field id in their field metadata ({@code id}). With a mapping, a column's name can change or be reused without
 * rewriting any file, so renaming and dropping columns need one.
 */
public enum ColumnMappingMode
{
    NONE, NAME, ID;

    public static final String MODE_CONFIGURATION = "delta.columnMapping.mode";
    public static final String MAX_COLUMN_ID_CONFIGURATION = "delta.columnMapping.maxColumnId";

    public static ColumnMappingMode of(MetadataEntry metadata)
    {
        return metadata.configurationValue(MODE_CONFIGURATION)
                .map(value -> parse(value, "Table configuration %s".formatted(MODE_CONFIGURATION)))
                .orElse(NONE);
    }

    /**
     * @param source what gave the value, for the error message
     */
    public static ColumnMappingMode parse(String value, String source)
    {
        for (ColumnMappingMode mode : values()) {
            if (mode.value().equalsIgnoreCase(value.strip())) {
                return mode;
            }
        }
        throw new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, "%s is '%s', but the column mapping mode must be one of 'none', 'name' or 'id'".formatted(source, value));
    }

    /** The value as the protocol writes it. */
    public String value()
    {
        return name().toLowerCase(Locale.ENGLISH);
    }
}
