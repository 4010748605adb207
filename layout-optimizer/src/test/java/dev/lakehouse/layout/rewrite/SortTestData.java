package dev.lakehouse.layout.rewrite;

import com.google.common.collect.ImmutableList;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.block.SqlMap;
import io.trino.spi.block.SqlRow;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.CharType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimeZoneKey;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import io.trino.spi.type.VarcharType;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.TypeUtils.readNativeValue;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Random pages for the sorter tests: channel 0 is a unique row id, so rows can be matched exactly, then every
 * type the connector writes, with nulls, long strings and time zones other than UTC.
 */
final class SortTestData
{
    static final List<Type> ALL_TYPES = ImmutableList.of(
            BIGINT,
            BOOLEAN,
            TINYINT,
            SMALLINT,
            INTEGER,
            REAL,
            DOUBLE,
            DecimalType.createDecimalType(10, 2),
            DecimalType.createDecimalType(30, 5),
            VARCHAR,
            CharType.createCharType(5),
            VARBINARY,
            DATE,
            TIMESTAMP_MICROS,
            TIMESTAMP_TZ_MILLIS,
            new ArrayType(VARCHAR),
            RowType.anonymous(ImmutableList.of(INTEGER, TIMESTAMP_TZ_MILLIS, new ArrayType(BIGINT))),
            RowType.rowType(RowType.field("name", VARCHAR), RowType.field("amount", DecimalType.createDecimalType(20, 3))),
            new MapType(VARCHAR, DOUBLE, new TypeOperators()));

    private static final List<TimeZoneKey> ZONES = ImmutableList.of(
            TimeZoneKey.UTC_KEY,
            TimeZoneKey.getTimeZoneKey("Europe/Berlin"),
            TimeZoneKey.getTimeZoneKey("America/Los_Angeles"),
            TimeZoneKey.getTimeZoneKey("+05:30"));
    private static final long[] SPECIAL_KEYS = {0, 1, 2, Long.MIN_VALUE, Long.MAX_VALUE, -1, -2, Long.MIN_VALUE + 1};

    private SortTestData() {}

    /** A page and the key of each of its rows. */
    record KeyedPage(Page page, long[] high, long[] low) {}

    /** A row as comparable Java values, with its key. */
    record Row(long high, long low, List<Object> values) {}

    static List<KeyedPage> randomPages(List<Type> types, Random random, int pageCount, int maxPositions, long firstId)
    {
        List<KeyedPage> pages = new ArrayList<>();
        long id = firstId;
        for (int i = 0; i < pageCount; i++) {
            int positions = random.nextInt(maxPositions + 1);
            PageBuilder builder = new PageBuilder(types);
            long[] high = new long[positions];
            long[] low = new long[positions];
            for (int position = 0; position < positions; position++) {
                builder.declarePosition();
                BIGINT.writeLong(builder.getBlockBuilder(0), id++);
                for (int channel = 1; channel < types.size(); channel++) {
                    writeRandom(types.get(channel), builder.getBlockBuilder(channel), random);
                }
                high[position] = randomKeyPart(random);
                low[position] = randomKeyPart(random);
            }
            pages.add(new KeyedPage(builder.build(), high, low));
        }
        return pages;
    }

    /** Few distinct values (many equal keys), often with the sign bit set. */
    static long randomKeyPart(Random random)
    {
        return switch (random.nextInt(4)) {
            case 0 -> SPECIAL_KEYS[random.nextInt(SPECIAL_KEYS.length)];
            case 1 -> random.nextLong();
            default -> random.nextInt(5) - 2;
        };
    }

    static void writeRandom(Type type, BlockBuilder builder, Random random)
    {
        if (random.nextInt(8) == 0) {
            builder.appendNull();
            return;
        }
        switch (type) {
            case ArrayType array -> ((ArrayBlockBuilder) builder).buildEntry(elements -> {
                int length = random.nextInt(4);
                for (int i = 0; i < length; i++) {
                    writeRandom(array.getElementType(), elements, random);
                }
            });
            case RowType row -> ((RowBlockBuilder) builder).buildEntry(fields -> {
                for (int i = 0; i < row.getFields().size(); i++) {
                    writeRandom(row.getFields().get(i).getType(), fields.get(i), random);
                }
            });
            case MapType map -> ((MapBlockBuilder) builder).buildEntry((keys, values) -> {
                int length = random.nextInt(4);
                for (int i = 0; i < length; i++) {
                    VARCHAR.writeSlice(keys, Slices.utf8Slice("key" + i));
                    writeRandom(map.getValueType(), values, random);
                }
            });
            default -> writeNativeValue(type, builder, randomNativeValue(type, random));
        }
    }

    private static Object randomNativeValue(Type type, Random random)
    {
        if (type.equals(BOOLEAN)) {
            return random.nextBoolean();
        }
        if (type.equals(TINYINT)) {
            return (long) (byte) random.nextInt();
        }
        if (type.equals(SMALLINT)) {
            return (long) (short) random.nextInt();
        }
        if (type.equals(INTEGER) || type.equals(DATE)) {
            return (long) random.nextInt();
        }
        if (type.equals(BIGINT)) {
            return random.nextLong();
        }
        if (type.equals(REAL)) {
            return (long) Float.floatToIntBits(random.nextInt(10) == 0 ? -0.0f : random.nextFloat() * 1000 - 500);
        }
        if (type.equals(DOUBLE)) {
            return random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian() * 1e6;
        }
        if (type.equals(TIMESTAMP_MICROS)) {
            return random.nextLong(-5_000_000_000_000_000L, 5_000_000_000_000_000L);
        }
        if (type instanceof TimestampWithTimeZoneType) {
            return packDateTimeWithZone(random.nextLong(-100_000_000_000_000L, 100_000_000_000_000L), ZONES.get(random.nextInt(ZONES.size())));
        }
        if (type instanceof DecimalType decimal) {
            BigInteger unscaled = new BigInteger(decimal.getPrecision() * 3, random).mod(BigInteger.TEN.pow(decimal.getPrecision()));
            unscaled = random.nextBoolean() ? unscaled.negate() : unscaled;
            return decimal.isShort() ? (Object) unscaled.longValueExact() : Int128.valueOf(unscaled);
        }
        if (type instanceof VarcharType) {
            return randomString(random, random.nextInt(20) == 0 ? 2000 + random.nextInt(3000) : random.nextInt(20));
        }
        if (type instanceof CharType) {
            // char values are held without trailing spaces
            return Slices.utf8Slice(random.nextBoolean() ? "a b" : randomString(random, random.nextInt(6)).toStringUtf8());
        }
        if (type.equals(VARBINARY)) {
            byte[] bytes = new byte[random.nextInt(30)];
            random.nextBytes(bytes);
            return Slices.wrappedBuffer(bytes);
        }
        throw new IllegalArgumentException("no random values for " + type);
    }

    private static Slice randomString(Random random, int length)
    {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(random.nextInt(30) == 0 ? 'ü' : (char) ('a' + random.nextInt(26)));
        }
        return Slices.wrappedBuffer(value.toString().getBytes(UTF_8));
    }

    static List<Row> rows(List<Type> types, KeyedPage keyed)
    {
        List<Row> rows = new ArrayList<>();
        for (int position = 0; position < keyed.page().getPositionCount(); position++) {
            rows.add(new Row(keyed.high()[position], keyed.low()[position], values(types, keyed.page(), position)));
        }
        return rows;
    }

    static List<Object> values(List<Type> types, Page page, int position)
    {
        List<Object> values = new ArrayList<>(types.size());
        for (int channel = 0; channel < types.size(); channel++) {
            values.add(value(types.get(channel), page.getBlock(channel), position));
        }
        return values;
    }

    /** Exact Java values: packed timestamps with their zone, decimals as unscaled numbers, nested values as lists. */
    static Object value(Type type, Block block, int position)
    {
        if (block.isNull(position)) {
            return "<null>";
        }
        return switch (type) {
            case ArrayType array -> {
                Block elements = (Block) readNativeValue(type, block, position);
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < elements.getPositionCount(); i++) {
                    values.add(value(array.getElementType(), elements, i));
                }
                yield values;
            }
            case RowType row -> {
                SqlRow sqlRow = (SqlRow) readNativeValue(type, block, position);
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < sqlRow.getFieldCount(); i++) {
                    values.add(value(row.getFields().get(i).getType(), sqlRow.getRawFieldBlock(i), sqlRow.getRawIndex()));
                }
                yield values;
            }
            case MapType map -> {
                SqlMap sqlMap = (SqlMap) readNativeValue(type, block, position);
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < sqlMap.getSize(); i++) {
                    values.add(List.of(
                            value(map.getKeyType(), sqlMap.getRawKeyBlock(), sqlMap.getRawOffset() + i),
                            value(map.getValueType(), sqlMap.getRawValueBlock(), sqlMap.getRawOffset() + i)));
                }
                yield values;
            }
            default -> {
                Object value = readNativeValue(type, block, position);
                yield value instanceof Slice slice ? Arrays.toString(slice.getBytes()) : value;
            }
        };
    }
}
