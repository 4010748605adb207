package dev.lakehouse.trino;

import io.airlift.slice.Slice;
import io.trino.spi.TrinoException;
import io.trino.spi.type.CharType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_BAD_DATA;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static java.lang.Float.floatToRawIntBits;
import static java.lang.Float.intBitsToFloat;
import static java.lang.Math.floorDiv;
import static java.lang.Math.floorMod;

/**
 * Partition values are strings in the log ({@code partitionValues}); this converts them to and from Trino's
 * native values, in the formats of the Delta protocol.
 */
public final class PartitionValues
{
    private static final DateTimeFormatter TIMESTAMP_FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private PartitionValues() {}

    /**
     * The Hive-style name of a partition folder ({@code column=value}, escaped; {@code __HIVE_DEFAULT_PARTITION__} for
     * NULL), as Spark and Trino's Delta Lake connector name them.
     *
     * @param value the serialized partition value; empty for NULL
     */
    public static String pathSegment(String column, Optional<String> value)
    {
        return escapePathSegment(column) + "=" + value.map(PartitionValues::escapePathSegment).orElse(NULL_PARTITION);
    }

    public static boolean isSupportedPartitionType(Type type)
    {
        return type.equals(BOOLEAN) || type.equals(TINYINT) || type.equals(SMALLINT) || type.equals(INTEGER) || type.equals(BIGINT)
                || type.equals(REAL) || type.equals(DOUBLE) || type instanceof DecimalType || type instanceof VarcharType || type instanceof CharType
                || type.equals(VARBINARY) || type.equals(DATE) || type.equals(TIMESTAMP_MICROS) || type.equals(TIMESTAMP_TZ_MILLIS);
    }

    public static Optional<String> serialize(Type type, Object value)
    {
        if (value == null) {
            return Optional.empty();
        }
        String text;
        if (type.equals(BOOLEAN)) {
            text = value.toString();
        }
        else if (type.equals(TINYINT) || type.equals(SMALLINT) || type.equals(INTEGER) || type.equals(BIGINT)) {
            text = value.toString();
        }
        else if (type.equals(REAL)) {
            text = Float.toString(intBitsToFloat(((Long) value).intValue()));
        }
        else if (type.equals(DOUBLE)) {
            text = value.toString();
        }
        else if (type instanceof DecimalType decimal) {
            BigInteger unscaled = decimal.isShort() ? BigInteger.valueOf((long) value) : ((Int128) value).toBigInteger();
            text = new BigDecimal(unscaled, decimal.getScale()).toPlainString();
        }
        else if (type instanceof VarcharType || type instanceof CharType) {
            text = ((Slice) value).toStringUtf8();
        }
        else if (type.equals(VARBINARY)) {
            text = new String(((Slice) value).getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        else if (type.equals(DATE)) {
            text = LocalDate.ofEpochDay((long) value).toString();
        }
        else if (type.equals(TIMESTAMP_MICROS)) {
            long micros = (long) value;
            text = TIMESTAMP_FORMAT.format(LocalDateTime.ofEpochSecond(floorDiv(micros, 1_000_000), (int) floorMod(micros, 1_000_000) * 1000, ZoneOffset.UTC));
        }
        else if (type.equals(TIMESTAMP_TZ_MILLIS)) {
            // Delta writes the instant in UTC, in the same layout as timestamp_ntz
            text = TIMESTAMP_FORMAT.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(unpackMillisUtc((long) value)), ZoneOffset.UTC));
        }
        else {
            throw new TrinoException(NOT_SUPPORTED, "Partitioning by type " + type + " is not supported");
        }
        // the protocol reads an empty partition value as NULL, so that is what an empty value becomes
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    public static Object deserialize(Type type, Optional<String> serialized, String column)
    {
        if (serialized.isEmpty()) {
            return null;
        }
        String text = serialized.get();
        // the protocol: an empty string for any type is a NULL partition value
        if (text.isEmpty()) {
            return null;
        }
        try {
            if (type.equals(BOOLEAN)) {
                return Boolean.parseBoolean(text);
            }
            if (type.equals(TINYINT) || type.equals(SMALLINT) || type.equals(INTEGER) || type.equals(BIGINT)) {
                return Long.parseLong(text);
            }
            if (type.equals(REAL)) {
                return (long) floatToRawIntBits(Float.parseFloat(text));
            }
            if (type.equals(DOUBLE)) {
                return Double.parseDouble(text);
            }
            if (type instanceof DecimalType decimal) {
                BigDecimal number = new BigDecimal(text).setScale(decimal.getScale(), java.math.RoundingMode.UNNECESSARY);
                return decimal.isShort() ? number.unscaledValue().longValueExact() : Int128.valueOf(number.unscaledValue());
            }
            if (type instanceof VarcharType || type instanceof CharType) {
                return utf8Slice(text);
            }
            if (type.equals(VARBINARY)) {
                return io.airlift.slice.Slices.wrappedBuffer(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            if (type.equals(DATE)) {
                return LocalDate.parse(text).toEpochDay();
            }
            if (type.equals(TIMESTAMP_MICROS)) {
                LocalDateTime time = parseTimestamp(text);
                return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + time.getNano() / 1000;
            }
            if (type.equals(TIMESTAMP_TZ_MILLIS)) {
                LocalDateTime time = parseTimestamp(text);
                return packDateTimeWithZone(time.toInstant(ZoneOffset.UTC).toEpochMilli(), UTC_KEY);
            }
        }
        catch (RuntimeException e) {
            throw new TrinoException(LAKEHOUSE_BAD_DATA, "Invalid value '%s' for partition column '%s' of type %s in the transaction log".formatted(text, column, type), e);
        }
        throw new TrinoException(NOT_SUPPORTED, "Partition column '%s' has unsupported type %s".formatted(column, type));
    }

    private static LocalDateTime parseTimestamp(String text)
    {
        if (text.contains("T")) {
            // ISO-8601, as some writers use
            return LocalDateTime.ofInstant(Instant.parse(text.endsWith("Z") ? text : text + "Z"), ZoneOffset.UTC);
        }
        return LocalDateTime.parse(text, TIMESTAMP_FORMAT);
    }

    /**
     * Hive-style escaping of partition folder names, which Spark and Trino's Delta connector also use.
     */
    private static String escapePathSegment(String value)
    {
        StringBuilder escaped = new StringBuilder();
        for (char character : value.toCharArray()) {
            if (character < 0x20 || "\"#%'*/:=?\\\u007F{[]^".indexOf(character) >= 0) {
                escaped.append('%').append(String.format("%02X", (int) character));
            }
            else {
                escaped.append(character);
            }
        }
        return escaped.toString();
    }
}
