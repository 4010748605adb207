package dev.lakehouse.trino.schema;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.schema.ColumnMapping;
import dev.lakehouse.transactionlog.schema.ColumnMappingMode;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ColumnPosition;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.trino.spi.StandardErrorCode.COLUMN_ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.COLUMN_NOT_FOUND;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;

/**
 * The schema changes of ALTER TABLE, as new {@code metaData} actions. Adding a column works on every table (files
 * written before read it as NULL); dropping and renaming need column mapping, as Delta requires: the files keep
 * their physical names, so a new column can never read an old one's data. Old versions keep their own schema.
 */
public final class SchemaChanges
{
    private SchemaChanges() {}

    /**
     * A new table's metadata with column mapping in {@code mode}: physical names and field ids for every field.
     */
    public static MetadataEntry withColumnMapping(MetadataEntry metadata, ColumnMappingMode mode)
    {
        if (mode == ColumnMappingMode.NONE) {
            return metadata;
        }
        ColumnMapping.Assigned assigned = ColumnMapping.assign(DeltaSchemaCodec.parse(metadata.schemaString()), ColumnMapping.maxColumnId(metadata));
        Map<String, String> configuration = new HashMap<>(metadata.configuration());
        configuration.put(ColumnMappingMode.MODE_CONFIGURATION, mode.value());
        configuration.put(ColumnMappingMode.MAX_COLUMN_ID_CONFIGURATION, String.valueOf(assigned.maxColumnId()));
        return metadata.withSchemaString(DeltaSchemaCodec.serialize(assigned.schema())).withConfiguration(configuration);
    }

    /**
     * Turns column mapping on for an existing table, as Delta allows it: mode {@code name} only, every column keeping
     * its current name as its physical name (the files already hold them so); field ids are assigned for new files.
     */
    public static MetadataEntry enableNameMapping(MetadataEntry metadata, SchemaTableName table)
    {
        ColumnMappingMode current = ColumnMappingMode.of(metadata);
        if (current == ColumnMappingMode.NAME) {
            return metadata;
        }
        if (current == ColumnMappingMode.ID) {
            throw new TrinoException(NOT_SUPPORTED, "Table %s uses column mapping mode 'id', which cannot change to 'name'".formatted(table));
        }
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        DeltaType.Struct named = (DeltaType.Struct) keepNamesAsPhysical(schema);
        return withColumnMapping(metadata.withSchemaString(DeltaSchemaCodec.serialize(named)), ColumnMappingMode.NAME);
    }

    /**
     * @param tableIsEmpty whether the table has no rows: only then may the new column be NOT NULL
     */
    public static MetadataEntry addColumn(MetadataEntry metadata, ColumnMetadata column, ColumnPosition position, boolean tableIsEmpty, SchemaTableName table)
    {
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        if (find(schema, column.getName()).isPresent()) {
            throw new TrinoException(COLUMN_ALREADY_EXISTS, "Column '%s' already exists in table %s".formatted(column.getName(), table));
        }
        if (!column.isNullable() && !tableIsEmpty) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot add NOT NULL column '%s' to table %s: its rows would have no value for it; add it as nullable".formatted(column.getName(), table));
        }
        StructField field = TypeConverter.toDeltaField(column.getName(), column.getType(), column.isNullable(), Optional.ofNullable(column.getComment()));
        List<StructField> fields = new ArrayList<>(schema.fields());
        fields.add(insertionIndex(schema, position, table), field);
        MetadataEntry changed = metadata.withSchemaString(DeltaSchemaCodec.serialize(new DeltaType.Struct(fields)));
        // the new field (only it lacks a mapping) gets its physical name and id
        return withColumnMapping(changed, ColumnMappingMode.of(metadata));
    }

    /**
     * @param clusteringColumns the table's clustering columns, by physical name
     */
    public static MetadataEntry dropColumn(MetadataEntry metadata, String name, List<String> clusteringColumns, SchemaTableName table)
    {
        requireColumnMapping(metadata, "drop column '%s'".formatted(name), table);
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        StructField dropped = find(schema, name).orElseThrow(() -> columnNotFound(name, table));
        if (metadata.partitionColumns().contains(dropped.name())) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot drop partition column '%s' of table %s".formatted(dropped.name(), table));
        }
        if (clusteringColumns.contains(dropped.physicalName())) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot drop column '%s' of table %s: it is a clustering column; change clustered_by first (ALTER TABLE ... SET PROPERTIES clustered_by = ...)".formatted(dropped.name(), table));
        }
        List<StructField> remaining = schema.fields().stream().filter(field -> field != dropped).toList();
        if (remaining.stream().allMatch(field -> metadata.partitionColumns().contains(field.name()))) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot drop column '%s': it is the only data column of table %s".formatted(dropped.name(), table));
        }
        return metadata.withSchemaString(DeltaSchemaCodec.serialize(new DeltaType.Struct(remaining)));
    }

    public static MetadataEntry renameColumn(MetadataEntry metadata, String name, String newName, SchemaTableName table)
    {
        requireColumnMapping(metadata, "rename column '%s'".formatted(name), table);
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        StructField renamed = find(schema, name).orElseThrow(() -> columnNotFound(name, table));
        if (find(schema, newName).isPresent()) {
            throw new TrinoException(COLUMN_ALREADY_EXISTS, "Column '%s' already exists in table %s".formatted(newName, table));
        }
        List<String> partitionColumns = metadata.partitionColumns().stream()
                .map(column -> column.equals(renamed.name()) ? newName : column)
                .toList();
        MetadataEntry changed = metadata.withSchemaString(DeltaSchemaCodec.serialize(replaced(schema, renamed, renamed.withName(newName))));
        return new MetadataEntry(changed.id(), changed.name(), changed.description(), changed.formatProvider(), changed.schemaString(), partitionColumns, changed.configuration(), changed.createdTime());
    }

    /**
     * {@code ALTER COLUMN ... SET DATA TYPE}: a widening the protocol allows, on a table with type widening on.
     *
     * @param currentType the column's type now, as Trino reads it
     */
    public static MetadataEntry setColumnType(MetadataEntry metadata, boolean typeWideningEnabled, String name, Type currentType, Type newType, SchemaTableName table)
    {
        return changeColumn(metadata, name, table, column -> {
            if (metadata.partitionColumns().contains(column.name())) {
                throw new TrinoException(NOT_SUPPORTED, "Cannot change the type of column '%s' of table %s from %s to %s: it is a partition column, whose values are in the log as text of the old type"
                        .formatted(column.name(), table, currentType.getDisplayName(), newType.getDisplayName()));
            }
            return TypeWidening.widenedField(column, currentType, newType, typeWideningEnabled, "column '%s'".formatted(column.name()), table);
        });
    }

    /**
     * {@code ALTER COLUMN ... DROP NOT NULL}: the column takes NULL from now on (files written before hold none).
     */
    public static MetadataEntry dropNotNullConstraint(MetadataEntry metadata, String name, SchemaTableName table)
    {
        return changeColumn(metadata, name, table, column -> column.withNullable(true));
    }

    public static MetadataEntry setColumnComment(MetadataEntry metadata, String name, Optional<String> comment, SchemaTableName table)
    {
        return changeColumn(metadata, name, table, column -> column.withComment(comment));
    }

    /**
     * The metadata with the column {@code name} replaced by what {@code change} makes of it.
     */
    private static MetadataEntry changeColumn(MetadataEntry metadata, String name, SchemaTableName table, UnaryOperator<StructField> change)
    {
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        StructField column = find(schema, name).orElseThrow(() -> columnNotFound(name, table));
        return metadata.withSchemaString(DeltaSchemaCodec.serialize(replaced(schema, column, change.apply(column))));
    }

    /**
     * The row with {@code field} (one of its own, the same instance) replaced, in its place.
     */
    static DeltaType.Struct replaced(DeltaType.Struct row, StructField field, StructField replacement)
    {
        return new DeltaType.Struct(row.fields().stream()
                .map(existing -> existing == field ? replacement : existing)
                .collect(ImmutableList.toImmutableList()));
    }

    static void requireColumnMapping(MetadataEntry metadata, String change, SchemaTableName table)
    {
        if (ColumnMappingMode.of(metadata) == ColumnMappingMode.NONE) {
            throw new TrinoException(NOT_SUPPORTED, ("Cannot %s of table %s: that needs column mapping (the Delta protocol requires it, so that the data files keep their names). " +
                    "Turn it on with ALTER TABLE %s SET PROPERTIES column_mapping_mode = 'name'").formatted(change, table, table));
        }
    }

    private static int insertionIndex(DeltaType.Struct schema, ColumnPosition position, SchemaTableName table)
    {
        return switch (position) {
            case ColumnPosition.First _ -> 0;
            case ColumnPosition.Last _ -> schema.fields().size();
            case ColumnPosition.After after -> schema.fields().indexOf(find(schema, after.columnName()).orElseThrow(() -> columnNotFound(after.columnName(), table))) + 1;
            default -> throw new IllegalArgumentException("Unknown column position: " + position);
        };
    }

    // Trino names columns in lower case; Delta names keep their case and are unique ignoring it
    static Optional<StructField> find(DeltaType.Struct schema, String name)
    {
        return schema.fields().stream().filter(field -> field.name().toLowerCase(Locale.ENGLISH).equals(name.toLowerCase(Locale.ENGLISH))).findFirst();
    }

    private static TrinoException columnNotFound(String name, SchemaTableName table)
    {
        return new TrinoException(COLUMN_NOT_FOUND, "Column '%s' does not exist in table %s".formatted(name, table));
    }

    private static DeltaType keepNamesAsPhysical(DeltaType type)
    {
        return switch (type) {
            case DeltaType.Struct struct -> new DeltaType.Struct(struct.fields().stream()
                    .map(field -> {
                        var metadata = field.metadata().deepCopy();
                        if (!metadata.hasNonNull(StructField.COLUMN_MAPPING_PHYSICAL_NAME)) {
                            metadata.put(StructField.COLUMN_MAPPING_PHYSICAL_NAME, field.name());
                        }
                        return new StructField(field.name(), keepNamesAsPhysical(field.type()), field.nullable(), metadata);
                    })
                    .collect(ImmutableList.toImmutableList()));
            case DeltaType.Array array -> new DeltaType.Array(keepNamesAsPhysical(array.elementType()), array.containsNull());
            case DeltaType.MapType map -> new DeltaType.MapType(keepNamesAsPhysical(map.keyType()), keepNamesAsPhysical(map.valueType()), map.valueContainsNull());
            case DeltaType.Primitive primitive -> primitive;
            case DeltaType.Decimal decimal -> decimal;
        };
    }
}
