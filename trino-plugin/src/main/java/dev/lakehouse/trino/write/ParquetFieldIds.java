package dev.lakehouse.trino.write;

import dev.lakehouse.trino.schema.FieldIds;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

import java.util.List;
import java.util.Map;

/**
 * Puts the field ids of column mapping into a column's Parquet schema.
 */
final class ParquetFieldIds
{
    private ParquetFieldIds() {}

    static Type withIds(Type field, FieldIds ids)
    {
        return withNestedIds(field, ids.nested()).withId(ids.id());
    }

    private static Type withNestedIds(Type field, Map<String, FieldIds> nested)
    {
        if (field.isPrimitive() || nested.isEmpty()) {
            return field;
        }
        GroupType group = field.asGroupType();
        List<Type> children = group.getFields().stream()
                .map(child -> {
                    FieldIds childIds = nested.get(child.getName());
                    // the levels of lists and maps (list, element, key_value, key, value) have no id of their own:
                    // the row fields inside them do
                    return childIds != null ? withIds(child, childIds) : withNestedIds(child, nested);
                })
                .toList();
        return group.withNewFields(children);
    }
}
