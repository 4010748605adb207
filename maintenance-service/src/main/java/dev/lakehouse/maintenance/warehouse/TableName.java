package dev.lakehouse.maintenance.warehouse;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A table of the warehouse: folder {@code schema/table} under the warehouse root.
 */
public record TableName(String schema, String table)
        implements Comparable<TableName>
{
    public TableName
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        checkArgument(!schema.isEmpty() && !table.isEmpty(), "schema and table names must not be empty");
    }

    /**
     * Whether a folder of this name can be a schema or a table: hidden ({@code .}) and internal ({@code _}) folders
     * are not, and no name may reach outside its parent folder.
     */
    public static boolean isVisibleName(String name)
    {
        return !name.isEmpty() && !name.startsWith(".") && !name.startsWith("_") && !name.contains("/");
    }

    public boolean isVisible()
    {
        return isVisibleName(schema) && isVisibleName(table);
    }

    @Override
    public int compareTo(TableName other)
    {
        int bySchema = schema.compareTo(other.schema);
        if (bySchema != 0) {
            return bySchema;
        }
        return table.compareTo(other.table);
    }

    @Override
    public String toString()
    {
        return schema + "." + table;
    }
}
