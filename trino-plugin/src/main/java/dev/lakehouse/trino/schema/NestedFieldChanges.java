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
import io.trino.spi.type.TypeManager;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.trino.spi.StandardErrorCode.COLUMN_ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.COLUMN_NOT_FOUND;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;

/**
 * Changes to the fields of rows ({@code ALTER TABLE t ADD COLUMN c.f type}, {@code DROP COLUMN c.f},
 * {@code RENAME COLUMN c.f TO g}, {@code ALTER COLUMN c.f SET DATA TYPE type}), along a path from a top-level column
 * through rows, array elements ({@code c.element.f}) and map keys and values ({@code c.value.f}). As for columns,
 * adding works on every table (files written before read the field as NULL), dropping and renaming need column
 * mapping, a new field gets its physical name and id from the mapping, and a type changes only by a widening.
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

    /**
     * {@code ALTER TABLE t ALTER COLUMN c.f SET DATA TYPE type}: a widening the protocol allows, on a table with type
     * widening on, recorded in the field's {@code delta.typeChanges} as for a column.
     *
     * @param fieldPath the column and the steps down to the field changed
     */
    public static MetadataEntry setFieldType(MetadataEntry metadata, boolean typeWideningEnabled, List<String> fieldPath, Type newType, TypeManager typeManager, SchemaTableName table)
    {
        List<String> parentPath = fieldPath.subList(0, fieldPath.size() - 1);
        DeltaType.Struct schema = DeltaSchemaCodec.parse(metadata.schemaString());
        DeltaType.Struct parent = struct(schema, parentPath, table);
        StructField field = SchemaChanges.find(parent, fieldPath.getLast()).orElseThrow(() -> fieldNotFound(fieldPath, table));
        Type currentType = TypeConverter.toTrinoType(field.type(), field.name(), typeManager);
        StructField widened = TypeWidening.widenedField(field, currentType, newType, typeWideningEnabled, "field " + String.join(".", fieldPath), table);
        DeltaType.Struct changed = changeStruct(schema, parentPath, row -> SchemaChanges.replaced(row, field, widened), table);
        return metadata.withSchemaString(DeltaSchemaCodec.serialize(changed));
    }

    /** The row at {@code path}: a column, then a step into each row, array or map on the way (see {@link #typeAt}). */
    private static DeltaType.Struct struct(DeltaType.Struct schema, List<String> path, SchemaTableName table)
    {
        if (!(typeAt(schema, path, table) instanceof DeltaType.Struct row)) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot change the fields of %s in table %s: it is not a row".formatted(String.join(".", path), table));
        }
        return row;
    }

    /**
     * The type at {@code path}: from a row a step names one of its fields, from an array {@code element} names the
     * elements, from a map {@code key} and {@code value} name its keys and values (Trino's paths, e.g.
     * {@code c.element.f}).
     */
    private static DeltaType typeAt(DeltaType type, List<String> path, SchemaTableName table)
    {
        DeltaType current = type;
        for (int depth = 0; depth < path.size(); depth++) {
            current = step(current, path.subList(0, depth + 1), table).get();
        }
        return current;
    }

    /** The schema with the row at {@code path} replaced by what {@code change} makes of it. */
    private static DeltaType.Struct changeStruct(DeltaType.Struct schema, List<String> path, UnaryOperator<DeltaType.Struct> change, SchemaTableName table)
    {
        return (DeltaType.Struct) changeAt(schema, path, 0, change, table);
    }

    private static DeltaType changeAt(DeltaType type, List<String> path, int depth, UnaryOperator<DeltaType.Struct> change, SchemaTableName table)
    {
        if (depth == path.size()) {
            return change.apply((DeltaType.Struct) type);
        }
        Step step = step(type, path.subList(0, depth + 1), table);
        return step.with(changeAt(step.get(), path, depth + 1, change, table));
    }

    /** One step of a path into a type: what it reaches, and the type with that part replaced. */
    private interface Step
    {
        DeltaType get();

        DeltaType with(DeltaType replacement);
    }

    private static Step step(DeltaType type, List<String> pathSoFar, SchemaTableName table)
    {
        String name = pathSoFar.getLast();
        return switch (type) {
            case DeltaType.Struct row -> {
                StructField field = SchemaChanges.find(row, name).orElseThrow(() -> fieldNotFound(pathSoFar, table));
                yield step(field.type(), replacement -> SchemaChanges.replaced(row, field, new StructField(field.name(), replacement, field.nullable(), field.metadata())));
            }
            case DeltaType.Array array when name.equals("element") -> step(array.elementType(), replacement -> new DeltaType.Array(replacement, array.containsNull()));
            case DeltaType.MapType map when name.equals("key") -> step(map.keyType(), replacement -> new DeltaType.MapType(replacement, map.valueType(), map.valueContainsNull()));
            case DeltaType.MapType map when name.equals("value") -> step(map.valueType(), replacement -> new DeltaType.MapType(map.keyType(), replacement, map.valueContainsNull()));
            case DeltaType.Array _ -> throw new TrinoException(COLUMN_NOT_FOUND, "Cannot find %s in table %s: the elements of an array are named 'element'".formatted(String.join(".", pathSoFar), table));
            case DeltaType.MapType _ -> throw new TrinoException(COLUMN_NOT_FOUND, "Cannot find %s in table %s: the keys and values of a map are named 'key' and 'value'".formatted(String.join(".", pathSoFar), table));
            default -> throw new TrinoException(NOT_SUPPORTED, "Cannot find %s in table %s: %s is neither a row, an array nor a map"
                    .formatted(String.join(".", pathSoFar), table, String.join(".", pathSoFar.subList(0, pathSoFar.size() - 1))));
        };
    }

    private static Step step(DeltaType reached, UnaryOperator<DeltaType> rebuild)
    {
        return new Step()
        {
            @Override
            public DeltaType get()
            {
                return reached;
            }

            @Override
            public DeltaType with(DeltaType replacement)
            {
                return rebuild.apply(replacement);
            }
        };
    }

    private static TrinoException fieldNotFound(List<String> path, SchemaTableName table)
    {
        return new TrinoException(COLUMN_NOT_FOUND, "Field %s does not exist in table %s".formatted(String.join(".", path), table));
    }
}
