package dev.lakehouse.transactionlog.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.actions.MetadataEntry;

import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.lakehouse.transactionlog.schema.StructField.COLUMN_MAPPING_ID;
import static dev.lakehouse.transactionlog.schema.StructField.COLUMN_MAPPING_PHYSICAL_NAME;

/**
 * Gives the fields of a schema that have none their column mapping: a physical name ({@code col-<uuid>}, as Delta
 * writers make them, so that a name never returns after a drop) and the next field id above the table's
 * {@code delta.columnMapping.maxColumnId}. Fields that have them keep them: that is what lets a column be renamed.
 */
public final class ColumnMapping
{
    private ColumnMapping() {}

    public record Assigned(DeltaType.Struct schema, int maxColumnId) {}

    public static Assigned assign(DeltaType.Struct schema, int maxColumnId)
    {
        AtomicInteger lastId = new AtomicInteger(Math.max(maxColumnId, maxFieldId(schema)));
        DeltaType.Struct assigned = (DeltaType.Struct) assign(schema, lastId);
        return new Assigned(assigned, lastId.get());
    }

    /**
     * The table's {@code delta.columnMapping.maxColumnId}, or 0 when it has none.
     */
    public static int maxColumnId(MetadataEntry metadata)
    {
        try {
            return metadata.configurationValue(ColumnMappingMode.MAX_COLUMN_ID_CONFIGURATION).map(String::strip).map(Integer::parseInt).orElse(0);
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The field id in a field's metadata, if it has one.
     */
    public static OptionalInt fieldId(StructField field)
    {
        return field.metadata().hasNonNull(COLUMN_MAPPING_ID) ? OptionalInt.of(field.metadata().get(COLUMN_MAPPING_ID).asInt()) : OptionalInt.empty();
    }

    private static DeltaType assign(DeltaType type, AtomicInteger lastId)
    {
        return switch (type) {
            case DeltaType.Struct struct -> new DeltaType.Struct(struct.fields().stream()
                    .map(field -> assign(field, lastId))
                    .collect(ImmutableList.toImmutableList()));
            case DeltaType.Array array -> new DeltaType.Array(assign(array.elementType(), lastId), array.containsNull());
            case DeltaType.MapType map -> new DeltaType.MapType(assign(map.keyType(), lastId), assign(map.valueType(), lastId), map.valueContainsNull());
            case DeltaType.Primitive primitive -> primitive;
            case DeltaType.Decimal decimal -> decimal;
        };
    }

    private static StructField assign(StructField field, AtomicInteger lastId)
    {
        ObjectNode metadata = field.metadata().deepCopy();
        if (!metadata.hasNonNull(COLUMN_MAPPING_ID)) {
            metadata.put(COLUMN_MAPPING_ID, lastId.incrementAndGet());
        }
        if (!metadata.hasNonNull(COLUMN_MAPPING_PHYSICAL_NAME)) {
            metadata.put(COLUMN_MAPPING_PHYSICAL_NAME, "col-" + UUID.randomUUID());
        }
        return new StructField(field.name(), assign(field.type(), lastId), field.nullable(), metadata);
    }

    private static int maxFieldId(DeltaType type)
    {
        return switch (type) {
            case DeltaType.Struct struct -> struct.fields().stream()
                    .mapToInt(field -> Math.max(fieldId(field).orElse(0), maxFieldId(field.type())))
                    .max().orElse(0);
            case DeltaType.Array array -> maxFieldId(array.elementType());
            case DeltaType.MapType map -> Math.max(maxFieldId(map.keyType()), maxFieldId(map.valueType()));
            case DeltaType.Primitive _, DeltaType.Decimal _ -> 0;
        };
    }
}
