package dev.lakehouse.trino.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.transactionlog.TableFeatures;
import dev.lakehouse.transactionlog.actions.MetadataEntry;
import dev.lakehouse.transactionlog.actions.ProtocolEntry;
import dev.lakehouse.transactionlog.schema.DeltaType;
import dev.lakehouse.transactionlog.schema.StructField;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.SmallintType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TinyintType;
import io.trino.spi.type.Type;

import java.util.Set;

import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;

/**
 * Delta type widening ({@code typeWidening} feature, table property {@code type_widening_enabled}, Delta's
 * {@code delta.enableTypeWidening}): {@code ALTER TABLE ... ALTER COLUMN ... SET DATA TYPE} to a type that holds
 * every value of the old one, without rewriting a file; readers widen what older files hold. Each change is
 * recorded in the field's {@code delta.typeChanges} metadata, as the protocol requires.
 */
public final class TypeWidening
{
    public static final String CONFIGURATION = "delta.enableTypeWidening";
    static final String TYPE_CHANGES = "delta.typeChanges";
    private static final int LONG_RANK = 4;

    private TypeWidening() {}

    public static boolean enabled(ProtocolEntry protocol, MetadataEntry metadata)
    {
        Set<String> features = protocol.writerFeatures().orElse(Set.of());
        return metadata.configurationValue(CONFIGURATION).map(String::strip).filter("true"::equalsIgnoreCase).isPresent()
                && (features.contains(TableFeatures.TYPE_WIDENING) || features.contains(TableFeatures.TYPE_WIDENING_PREVIEW));
    }

    /**
     * Whether {@code from} may be widened to {@code to}, as the Delta protocol lists it: integers to wider integers;
     * byte, short and int to double or to a decimal with 10 digits or more before the point, long to one with 20;
     * float to double; decimal to a decimal with at least as many digits on both sides of the point; date to
     * timestamp without time zone.
     */
    public static boolean isWidening(Type from, Type to)
    {
        int fromRank = integerRank(from);
        if (fromRank > 0) {
            return integerRank(to) > fromRank
                    || (to instanceof DoubleType && fromRank < LONG_RANK)
                    || (to instanceof DecimalType decimal && decimal.getPrecision() - decimal.getScale() >= (fromRank < LONG_RANK ? 10 : 20));
        }
        if (from instanceof RealType) {
            return to instanceof DoubleType;
        }
        if (from instanceof DecimalType fromDecimal && to instanceof DecimalType toDecimal) {
            return !from.equals(to)
                    && toDecimal.getScale() >= fromDecimal.getScale()
                    && toDecimal.getPrecision() - toDecimal.getScale() >= fromDecimal.getPrecision() - fromDecimal.getScale();
        }
        return from instanceof DateType && to instanceof TimestampType timestamp && timestamp.getPrecision() == 6;
    }

    /**
     * The field (a column or a field of a row) with its new type, when that is a widening and type widening is on.
     *
     * @param described how errors name the field, e.g. {@code column 'c'}
     */
    static StructField widenedField(StructField field, Type currentType, Type newType, boolean typeWideningEnabled, String described, SchemaTableName table)
    {
        String change = "Cannot change the type of %s of table %s from %s to %s".formatted(described, table, currentType.getDisplayName(), newType.getDisplayName());
        if (!isWidening(currentType, newType)) {
            throw new TrinoException(NOT_SUPPORTED, change + ": only widenings that keep every value are allowed (integers to wider integers, to double or to decimal, " +
                    "real to double, decimal to more digits, date to timestamp(6)), as the Delta type widening feature defines them");
        }
        if (!typeWideningEnabled) {
            throw new TrinoException(NOT_SUPPORTED, (change + ": type widening is off. Turn it on with ALTER TABLE %s SET PROPERTIES type_widening_enabled = true " +
                    "(readers of the table must then support the Delta typeWidening feature)").formatted(table));
        }
        return widened(field, TypeConverter.toDeltaType(newType, field.name()));
    }

    /**
     * The field with its new type and the change appended to its {@code delta.typeChanges}.
     */
    private static StructField widened(StructField field, DeltaType newType)
    {
        ObjectNode metadata = field.metadata().deepCopy();
        ArrayNode changes = metadata.has(TYPE_CHANGES) && metadata.get(TYPE_CHANGES).isArray()
                ? (ArrayNode) metadata.get(TYPE_CHANGES)
                : metadata.putArray(TYPE_CHANGES);
        changes.addObject()
                .put("fromType", typeName(field.type()))
                .put("toType", typeName(newType));
        return new StructField(field.name(), newType, field.nullable(), metadata);
    }

    private static String typeName(DeltaType type)
    {
        return switch (type) {
            case DeltaType.Primitive primitive -> primitive.name();
            case DeltaType.Decimal decimal -> "decimal(%s,%s)".formatted(decimal.precision(), decimal.scale());
            default -> throw new IllegalArgumentException("Not a primitive type: " + type);
        };
    }

    private static int integerRank(Type type)
    {
        if (type instanceof TinyintType) {
            return 1;
        }
        if (type instanceof SmallintType) {
            return 2;
        }
        if (type instanceof IntegerType) {
            return 3;
        }
        return type instanceof BigintType ? LONG_RANK : 0;
    }
}
