package dev.lakehouse.stats;

import dev.lakehouse.transactionlog.schema.DeltaType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Type;

import java.util.Optional;

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
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The Trino type of each Delta primitive and decimal type: the types that statistics and partition values have.
 * Nested types need Trino's type manager and are the connector's business.
 */
public final class PrimitiveTypes
{
    private PrimitiveTypes() {}

    public static Optional<Type> toTrinoType(DeltaType type)
    {
        return switch (type) {
            case DeltaType.Primitive primitive -> Optional.ofNullable(switch (primitive.name()) {
                case "boolean" -> BOOLEAN;
                case "byte" -> TINYINT;
                case "short" -> SMALLINT;
                case "integer" -> INTEGER;
                case "long" -> BIGINT;
                case "float" -> REAL;
                case "double" -> DOUBLE;
                case "string" -> VARCHAR;
                case "binary" -> VARBINARY;
                case "date" -> DATE;
                case "timestamp" -> TIMESTAMP_TZ_MILLIS;
                case "timestamp_ntz" -> TIMESTAMP_MICROS;
                default -> null;
            });
            case DeltaType.Decimal decimal -> Optional.of(DecimalType.createDecimalType(decimal.precision(), decimal.scale()));
            case DeltaType.Array _, DeltaType.MapType _, DeltaType.Struct _ -> Optional.empty();
        };
    }
}
