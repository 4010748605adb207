package dev.lakehouse.trino;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.transactionlog.TableSnapshot;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.schema.DeltaSchemaCodec;
import dev.lakehouse.transactionlog.schema.StructField;
import dev.lakehouse.trino.schema.FieldIds;
import dev.lakehouse.trino.schema.TypeConverter;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;

import java.util.List;

import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;

/**
 * The columns of a snapshot as Trino sees them.
 */
public final class TableColumns
{
    private TableColumns() {}

    public static List<LakehouseColumnHandle> columnHandles(TableSnapshot snapshot, TypeManager typeManager)
    {
        return columnHandles(snapshot.metadata(), typeManager);
    }

    public static List<LakehouseColumnHandle> columnHandles(MetadataEntry metadata, TypeManager typeManager)
    {
        List<String> partitionColumns = metadata.partitionColumns();
        return DeltaSchemaCodec.parse(metadata.schemaString()).fields().stream()
                .map(field -> new LakehouseColumnHandle(
                        field.name(),
                        field.physicalName(),
                        TypeConverter.toTrinoType(field, typeManager),
                        partitionColumns.contains(field.name()),
                        TypeConverter.toPhysicalTrinoType(field, typeManager),
                        FieldIds.of(field)))
                .collect(ImmutableList.toImmutableList());
    }

    static List<ColumnMetadata> columnMetadata(TableSnapshot snapshot, TypeManager typeManager)
    {
        ImmutableList.Builder<ColumnMetadata> columns = ImmutableList.builder();
        for (StructField field : snapshot.schema().fields()) {
            columns.add(ColumnMetadata.builder()
                    .setName(field.name())
                    .setType(TypeConverter.toTrinoType(field, typeManager))
                    .setNullable(field.nullable())
                    .setComment(field.comment())
                    .build());
        }
        return columns.build();
    }

    public static boolean containsTimestampNtz(Type type)
    {
        return switch (type) {
            case ArrayType array -> containsTimestampNtz(array.getElementType());
            case MapType map -> containsTimestampNtz(map.getKeyType()) || containsTimestampNtz(map.getValueType());
            case RowType row -> row.getFields().stream().anyMatch(field -> containsTimestampNtz(field.getType()));
            default -> type.equals(TIMESTAMP_MICROS);
        };
    }
}
