package dev.lakehouse.transactionlog.schema;

import com.google.common.collect.ImmutableList;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A type of the Delta schema language (the {@code schemaString} of {@code metaData}).
 */
public sealed interface DeltaType
{
    /**
     * boolean, byte, short, integer, long, float, double, string, binary, date, timestamp, timestamp_ntz, variant...
     */
    record Primitive(String name)
            implements DeltaType
    {
        public Primitive
        {
            requireNonNull(name, "name is null");
        }
    }

    record Decimal(int precision, int scale)
            implements DeltaType
    {
        public Decimal
        {
            checkArgument(precision >= 1 && precision <= 38, "decimal precision must be between 1 and 38: %s", precision);
            checkArgument(scale >= 0 && scale <= precision, "decimal scale must be between 0 and the precision: %s", scale);
        }
    }

    record Array(DeltaType elementType, boolean containsNull)
            implements DeltaType
    {
        public Array
        {
            requireNonNull(elementType, "elementType is null");
        }
    }

    record MapType(DeltaType keyType, DeltaType valueType, boolean valueContainsNull)
            implements DeltaType
    {
        public MapType
        {
            requireNonNull(keyType, "keyType is null");
            requireNonNull(valueType, "valueType is null");
        }
    }

    record Struct(List<StructField> fields)
            implements DeltaType
    {
        public Struct
        {
            fields = ImmutableList.copyOf(fields);
        }
    }
}
