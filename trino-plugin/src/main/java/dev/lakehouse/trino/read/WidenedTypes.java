package dev.lakehouse.trino.read;

import dev.lakehouse.trino.schema.TypeWidening;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.SmallintType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TinyintType;
import io.trino.spi.type.Type;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

import java.math.BigInteger;
import java.util.Optional;

import static io.trino.spi.type.Timestamps.MICROSECONDS_PER_DAY;

/**
 * Type widening (the Delta {@code typeWidening} feature): a column's type may have been widened after some files were
 * written, and those files keep the narrower type. Such a column is read in the file's own type and each block is
 * then widened to the table's. Other mismatches are left
 * to the Parquet reader, which reports what it cannot read. Which widenings are allowed: {@link TypeWidening}.
 */
final class WidenedTypes
{
    private WidenedTypes() {}

    /**
     * The type to read {@code field} of a file in when the table's type of its column is a widening of it.
     */
    static Optional<Type> narrowerFileType(org.apache.parquet.schema.Type field, Type tableType)
    {
        if (!field.isPrimitive()) {
            return Optional.empty();
        }
        return fileType(field.asPrimitiveType())
                .filter(fileType -> TypeWidening.isWidening(fileType, tableType));
    }

    /**
     * A column read in a narrower type than the table's.
     */
    record Widening(Type fileType, Type tableType)
    {
        Block widen(Block block)
        {
            return WidenedTypes.widen(block, fileType, tableType);
        }
    }

    private static Block widen(Block block, Type from, Type to)
    {
        BlockBuilder builder = to.createBlockBuilder(null, block.getPositionCount());
        for (int position = 0; position < block.getPositionCount(); position++) {
            if (block.isNull(position)) {
                builder.appendNull();
            }
            else {
                writeWidened(block, position, from, to, builder);
            }
        }
        return builder.build();
    }

    private static void writeWidened(Block block, int position, Type from, Type to, BlockBuilder builder)
    {
        if (to instanceof DoubleType) {
            double value = from instanceof RealType ? Float.intBitsToFloat((int) from.getLong(block, position)) : from.getLong(block, position);
            to.writeDouble(builder, value);
        }
        else if (to instanceof DecimalType decimal) {
            BigInteger unscaled = from instanceof DecimalType fromDecimal
                    ? unscaled(block, position, fromDecimal).multiply(BigInteger.TEN.pow(decimal.getScale() - fromDecimal.getScale()))
                    : BigInteger.valueOf(from.getLong(block, position)).multiply(BigInteger.TEN.pow(decimal.getScale()));
            if (decimal.isShort()) {
                to.writeLong(builder, unscaled.longValueExact());
            }
            else {
                to.writeObject(builder, Int128.valueOf(unscaled));
            }
        }
        else if (to instanceof TimestampType) {
            to.writeLong(builder, from.getLong(block, position) * MICROSECONDS_PER_DAY);
        }
        else {
            to.writeLong(builder, from.getLong(block, position));
        }
    }

    private static BigInteger unscaled(Block block, int position, DecimalType type)
    {
        if (type.isShort()) {
            return BigInteger.valueOf(type.getLong(block, position));
        }
        return ((Int128) type.getObject(block, position)).toBigInteger();
    }

    /**
     * The Trino type a Parquet writer meant by a primitive column, for the types a widening may start from.
     */
    private static Optional<Type> fileType(PrimitiveType field)
    {
        LogicalTypeAnnotation annotation = field.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            return Optional.of(DecimalType.createDecimalType(decimal.getPrecision(), decimal.getScale()));
        }
        return switch (field.getPrimitiveTypeName()) {
            case INT32 -> {
                if (annotation == null) {
                    yield Optional.of(IntegerType.INTEGER);
                }
                if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    yield Optional.of(DateType.DATE);
                }
                if (annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer && integer.isSigned()) {
                    yield switch (integer.getBitWidth()) {
                        case 8 -> Optional.of(TinyintType.TINYINT);
                        case 16 -> Optional.of(SmallintType.SMALLINT);
                        case 32 -> Optional.of(IntegerType.INTEGER);
                        default -> Optional.empty();
                    };
                }
                yield Optional.empty();
            }
            case INT64 -> annotation == null ? Optional.of(BigintType.BIGINT) : Optional.empty();
            case FLOAT -> Optional.of(RealType.REAL);
            default -> Optional.empty();
        };
    }
}
