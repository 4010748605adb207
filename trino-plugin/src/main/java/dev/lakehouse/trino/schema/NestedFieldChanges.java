package dev.lakehouse.trino.schema;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.schema.ColumnMappingMode;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.trino.spi.StandardErrorCode.COLUMN_ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.COLUMN_NOT_FOUND;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;

/**
 * Changes to the fields of row columns ({@code ALTER TABLE t ADD COLUMN c.f type}, {@code DROP COLUMN c.f},
 * {@code RENAME COLUMN c.f TO g}), along a path of row fields from a top-level column. As for columns, adding works
 * on every table (files written before read the field as NULL), dropping and renaming need column mapping, and a new
 * field gets its physical name and id from the mapping.
 */
public final class NestedFieldChanges
{
    private NestedFieldChanges() {}

    /**
     * @param parentPath the column and the row fields down to the row that gets the field
     */
    public static MetadataEntry addField(MetadataEntry metadata, List<String> parentPath, String fieldName, Type type, boolean ignoreExisting, SchemaTableName table)
    {
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        DeltaType.Struct parent = struct(schema, parentPath, table);
        if (SchemaChanges.find(parent, fieldName).isPresent()) {
            if (ignoreExisting) {
                return metadata;
            }
            throw new TrinoException(COLUMN_ALREADY_EXISTS, "Field '%s' already exists in column %s of table %s".formatted(fieldName, String.join(".", parentPath), table));
        }
        StructField field = TypeConverter.toDeltaField(fieldName, type, true, Optional.empty());
        DeltaType.Struct changed = changeStruct(schema, parentPath, row -> new DeltaType.Struct(ImmutableList.<StructField>builder().addAll(row.fields()).add(field).build()), table);
        return SchemaChanges.withColumnMapping(metadata.withSchemaString(DeltaSchemaCodec.serialize(changed)), ColumnMappingMode.of(metadata));
    }

    /**
     * @param fieldPath the column and the row fields down to the field dropped
     */
    public static MetadataEntry dropField(MetadataEntry metadata, List<String> fieldPath, SchemaTableName table)
    {
        SchemaChanges.requireColumnMapping(metadata, "drop field " + String.join(".", fieldPath), table);
        List<String> parentPath = fieldPath.subList(0, fieldPath.size() - 1);
        String name = fieldPath.getLast();
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        DeltaType.Struct parent = struct(schema, parentPath, table);
        StructField dropped = SchemaChanges.find(parent, name).orElseThrow(() -> fieldNotFound(fieldPath, table));
        if (parent.fields().size() == 1) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot drop the only field of row %s in table %s".formatted(String.join(".", parentPath), table));
        }
        DeltaType.Struct changed = changeStruct(schema, parentPath, row -> new DeltaType.Struct(row.fields().stream().filter(field -> field != dropped).toList()), table);
        return metadata.withSchemaString(DeltaSchemaCodec.serialize(changed));
    }

    /**
     * @param fieldPath the column and the row fields down to the field renamed
     */
    public static MetadataEntry renameField(MetadataEntry metadata, List<String> fieldPath, String newName, SchemaTableName table)
    {
        SchemaChanges.requireColumnMapping(metadata, "rename field " + String.join(".", fieldPath), table);
        List<String> parentPath = fieldPath.subList(0, fieldPath.size() - 1);
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        DeltaType.Struct parent = struct(schema, parentPath, table);
        StructField renamed = SchemaChanges.find(parent, fieldPath.getLast()).orElseThrow(() -> fieldNotFound(fieldPath, table));
        if (SchemaChanges.find(parent, newName).isPresent()) {
            throw new TrinoException(COLUMN_ALREADY_EXISTS, "Field '%s' already exists in column %s of table %s".formatted(newName, String.join(".", parentPath), table));
        }
        DeltaType.Struct changed = changeStruct(schema, parentPath, row -> SchemaChanges.replaced(row, renamed, renamed.withName(newName)), table);
        return metadata.withSchemaString(DeltaSchemaCodec.serialize(changed));
    }

    /** The row at {@code path}: a column, then a field of each row on the way, all rows. */
    private static DeltaType.Struct struct(DeltaType.Struct schema, List<String> path, SchemaTableName table)
    {
        DeltaType.Struct current = schema;
        for (int depth = 0; depth < path.size(); depth++) {
            StructField field = SchemaChanges.find(current, path.get(depth)).orElseThrow(() -> fieldNotFound(path, table));
            if (!(field.type() instanceof DeltaType.Struct row)) {
                throw new TrinoException(NOT_SUPPORTED, "Cannot change the fields of %s in table %s: it is not a row, and this connector does not support changing the fields of rows inside arrays and maps yet".formatted(String.join(".", path.subList(0, depth + 1)), table));
            }
            current = row;
        }
        return current;
    }

    /** The schema with the row at {@code path} replaced by what {@code change} makes of it. */
    private static DeltaType.Struct changeStruct(DeltaType.Struct row, List<String> path, UnaryOperator<DeltaType.Struct> change, SchemaTableName table)
    {
        if (path.isEmpty()) {
            return change.apply(row);
        }
        StructField target = SchemaChanges.find(row, path.getFirst()).orElseThrow(() -> fieldNotFound(path, table));
        DeltaType.Struct changedType = changeStruct((DeltaType.Struct) target.type(), path.subList(1, path.size()), change, table);
        return SchemaChanges.replaced(row, target, new StructField(target.name(), changedType, target.nullable(), target.metadata()));
    }

    private static TrinoException fieldNotFound(List<String> path, SchemaTableName table)
    {
        return new TrinoException(COLUMN_NOT_FOUND, "Field %s does not exist in table %s".formatted(String.join(".", path), table));
    }
}
