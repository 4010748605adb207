package dev.lakehouse.trino.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.stats.PrimitiveTypes;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;
import io.trino.spi.TrinoException;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.CharType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import io.trino.spi.type.TypeSignature;
import io.trino.spi.type.VarcharType;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_FEATURE;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarbinaryType.VARBINARY;

/**
 * Maps Delta schema types to Trino types and back. Delta has no {@code char(n)}: such columns are stored as
 * {@code string} with the Trino type kept in the field metadata, so other engines read a string.
 */
public final class TypeConverter
{
    public static final String TRINO_TYPE_METADATA = "lakehouse.trinoType";

    private TypeConverter() {}

    public static Type toTrinoType(StructField field, TypeManager typeManager)
    {
        Optional<String> declared = field.metadataText(TRINO_TYPE_METADATA);
        if (declared.isPresent() && field.type() instanceof DeltaType.Primitive primitive && primitive.name().equals("string")) {
            return typeManager.fromSqlType(declared.get());
        }
        return toTrinoType(field.type(), field.name(), typeManager);
    }

    public static Type toTrinoType(DeltaType type, String columnName, TypeManager typeManager)
    {
        return toTrinoType(type, columnName, typeManager, false);
    }

    /**
     * The column's type as its Parquet files hold it: the Trino type with the fields of nested rows named by their
     * physical names (column mapping). Row blocks are positional, so what is read with it serves the logical type.
     */
    public static Type toPhysicalTrinoType(StructField field, TypeManager typeManager)
    {
        Type logical = toTrinoType(field, typeManager);
        return field.type() instanceof DeltaType.Primitive ? logical : toTrinoType(field.type(), field.name(), typeManager, true);
    }

    private static Type toTrinoType(DeltaType type, String columnName, TypeManager typeManager, boolean physicalNames)
    {
        return switch (type) {
            case DeltaType.Primitive primitive -> PrimitiveTypes.toTrinoType(primitive)
                    .orElseThrow(() -> new TrinoException(LAKEHOUSE_UNSUPPORTED_FEATURE, "Column '%s' has the Delta type '%s', which this connector does not support".formatted(columnName, primitive.name())));
            case DeltaType.Decimal decimal -> DecimalType.createDecimalType(decimal.precision(), decimal.scale());
            case DeltaType.Array array -> new ArrayType(toTrinoType(array.elementType(), columnName, typeManager, physicalNames));
            case DeltaType.MapType map -> typeManager.getType(TypeSignature.mapType(
                    toTrinoType(map.keyType(), columnName, typeManager, physicalNames).getTypeSignature(),
                    toTrinoType(map.valueType(), columnName, typeManager, physicalNames).getTypeSignature()));
            case DeltaType.Struct struct -> RowType.from(struct.fields().stream()
                    .map(field -> RowType.field(physicalNames ? field.physicalName() : field.name(), toTrinoType(field.type(), columnName, typeManager, physicalNames)))
                    .collect(ImmutableList.toImmutableList()));
        };
    }

    /**
     * The Delta field for a new column of the given Trino type.
     */
    public static StructField toDeltaField(String name, Type type, boolean nullable, Optional<String> comment)
    {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        comment.ifPresent(text -> metadata.put(StructField.COMMENT, text));
        if (type instanceof CharType) {
            metadata.put(TRINO_TYPE_METADATA, type.getDisplayName());
        }
        return new StructField(name, toDeltaType(type, name), nullable, metadata);
    }

    public static DeltaType toDeltaType(Type type, String columnName)
    {
        if (type.equals(BOOLEAN)) {
            return new DeltaType.Primitive("boolean");
        }
        if (type.equals(TINYINT)) {
            return new DeltaType.Primitive("byte");
        }
        if (type.equals(SMALLINT)) {
            return new DeltaType.Primitive("short");
        }
        if (type.equals(INTEGER)) {
            return new DeltaType.Primitive("integer");
        }
        if (type.equals(BIGINT)) {
            return new DeltaType.Primitive("long");
        }
        if (type.equals(REAL)) {
            return new DeltaType.Primitive("float");
        }
        if (type.equals(DOUBLE)) {
            return new DeltaType.Primitive("double");
        }
        if (type instanceof DecimalType decimal) {
            return new DeltaType.Decimal(decimal.getPrecision(), decimal.getScale());
        }
        if (type instanceof VarcharType || type instanceof CharType) {
            return new DeltaType.Primitive("string");
        }
        if (type.equals(VARBINARY)) {
            return new DeltaType.Primitive("binary");
        }
        if (type.equals(DATE)) {
            return new DeltaType.Primitive("date");
        }
        if (type.equals(TIMESTAMP_MICROS)) {
            return new DeltaType.Primitive("timestamp_ntz");
        }
        if (type.equals(TIMESTAMP_TZ_MILLIS)) {
            return new DeltaType.Primitive("timestamp");
        }
        if (type instanceof ArrayType array) {
            return new DeltaType.Array(toDeltaType(array.getElementType(), columnName), true);
        }
        if (type instanceof MapType map) {
            return new DeltaType.MapType(toDeltaType(map.getKeyType(), columnName), toDeltaType(map.getValueType(), columnName), true);
        }
        if (type instanceof RowType row) {
            Set<String> names = new HashSet<>();
            for (RowType.Field field : row.getFields()) {
                if (field.getName().isPresent() && !names.add(field.getName().get().toLowerCase(Locale.ENGLISH))) {
                    throw new TrinoException(NOT_SUPPORTED, "Column '%s' has a row type with two fields named '%s' (ignoring case), which Delta does not allow: rename one".formatted(columnName, field.getName().get()));
                }
            }
            return new DeltaType.Struct(row.getFields().stream()
                    .map(field -> StructField.of(field.getName().orElseThrow(() -> new TrinoException(NOT_SUPPORTED, "Column '%s' has a row type with an unnamed field; name every field, e.g. row(a integer, b varchar)".formatted(columnName))),
                            toDeltaType(field.getType(), columnName)))
                    .collect(ImmutableList.toImmutableList()));
        }
        String hint = switch (type) {
            case TimestampType _ -> "; use timestamp(6)";
            case TimestampWithTimeZoneType _ -> "; use timestamp(3) with time zone";
            default -> "";
        };
        throw new TrinoException(NOT_SUPPORTED, "Column '%s' has type %s, which is not supported by lakehouse tables%s".formatted(columnName, type.getDisplayName(), hint));
    }
}
