package dev.lakehouse.trino.schema;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.transactionlog.schema.ColumnMapping;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * The Parquet field id of a column under column mapping, and those of the row fields nested in it by their physical
 * names (through arrays and maps, whose own levels have no id in Delta's schema). Writers put them in the files,
 * so that engines reading by id (mode {@code id}) find the columns; readers fall back to them when a name is not
 * found.
 */
public record FieldIds(int id, Map<String, FieldIds> nested)
{
    public FieldIds
    {
        nested = ImmutableMap.copyOf(requireNonNull(nested, "nested is null"));
    }

    public static Optional<FieldIds> of(StructField field)
    {
        OptionalInt id = ColumnMapping.fieldId(field);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Map<String, FieldIds> nested = new HashMap<>();
        collectNested(field.type(), nested);
        return Optional.of(new FieldIds(id.getAsInt(), nested));
    }

    private static void collectNested(DeltaType type, Map<String, FieldIds> nested)
    {
        switch (type) {
            case DeltaType.Struct struct -> struct.fields().forEach(field -> of(field).ifPresent(ids -> nested.put(field.physicalName(), ids)));
            case DeltaType.Array array -> collectNested(array.elementType(), nested);
            case DeltaType.MapType map -> {
                collectNested(map.keyType(), nested);
                collectNested(map.valueType(), nested);
            }
            case DeltaType.Primitive _, DeltaType.Decimal _ -> {}
        }
    }
}
