package dev.lakehouse.transactionlog.statistics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
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
import java.time.format.DateTimeParseException;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
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
import static java.lang.Float.floatToRawIntBits;
import static java.lang.Float.intBitsToFloat;
import static java.lang.Math.floorDiv;
import static java.lang.Math.floorMod;

/**
 * Converts min/max values between Trino's native representation and the JSON of Delta's file statistics.
 * Only types whose order Delta and Trino agree on have min/max statistics. It lives with the log because
 * checkpoints convert typed {@code stats_parsed} values to and from this JSON; stats-collector's
 * {@code StatisticsValues} is the entry point for everything else.
 */
public final class StatisticsValueJson
{
    /** Longer strings are truncated in minimum values and left out of maximum values, as Delta writers do. */
    public static final int MAX_STRING_LENGTH = 32;

    private static final DateTimeFormatter TIMESTAMP_NTZ_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIMESTAMP_TZ_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private StatisticsValueJson() {}

    public static boolean hasMinMax(Type type)
    {
        return type.equals(TINYINT) || type.equals(SMALLINT) || type.equals(INTEGER) || type.equals(BIGINT)
                || type.equals(REAL) || type.equals(DOUBLE) || type instanceof DecimalType || type instanceof VarcharType
                || type.equals(DATE) || type.equals(TIMESTAMP_MICROS) || type.equals(TIMESTAMP_TZ_MILLIS);
    }

    /**
     * The JSON for a minimum ({@code isMax=false}) or maximum value, or empty when it cannot be written exactly
     * enough to stay a valid bound.
     */
    public static Optional<JsonNode> toJson(Type type, Object value, boolean isMax)
    {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (type.equals(TINYINT) || type.equals(SMALLINT) || type.equals(INTEGER) || type.equals(BIGINT)) {
            return Optional.of(json.numberNode((long) value));
        }
        if (type.equals(REAL)) {
            float real = intBitsToFloat(((Long) value).intValue());
            return Float.isNaN(real) ? Optional.empty() : Optional.of(json.numberNode(real));
        }
        if (type.equals(DOUBLE)) {
            double number = (double) value;
            return Double.isNaN(number) ? Optional.empty() : Optional.of(json.numberNode(number));
        }
        if (type instanceof DecimalType decimal) {
            BigInteger unscaled = decimal.isShort() ? BigInteger.valueOf((long) value) : ((Int128) value).toBigInteger();
            return Optional.of(json.numberNode(new BigDecimal(unscaled, decimal.getScale())));
        }
        if (type instanceof VarcharType) {
            String text = ((Slice) value).toStringUtf8();
            if (text.codePointCount(0, text.length()) <= MAX_STRING_LENGTH) {
                return Optional.of(json.textNode(text));
            }
            // a prefix is still a lower bound, but no longer an upper bound
            return isMax ? Optional.empty() : Optional.of(json.textNode(text.substring(0, text.offsetByCodePoints(0, MAX_STRING_LENGTH))));
        }
        if (type.equals(DATE)) {
            return Optional.of(json.textNode(LocalDate.ofEpochDay((long) value).toString()));
        }
        if (type.equals(TIMESTAMP_MICROS)) {
            long micros = (long) value;
            LocalDateTime time = LocalDateTime.ofEpochSecond(floorDiv(micros, 1_000_000), (int) floorMod(micros, 1_000_000) * 1000, ZoneOffset.UTC);
            return Optional.of(json.textNode(TIMESTAMP_NTZ_FORMAT.format(time)));
        }
        if (type.equals(TIMESTAMP_TZ_MILLIS)) {
            Instant instant = Instant.ofEpochMilli(unpackMillisUtc((long) value));
            return Optional.of(json.textNode(TIMESTAMP_TZ_FORMAT.format(instant.atOffset(ZoneOffset.UTC))));
        }
        return Optional.empty();
    }

    /**
     * Reads a statistics value written by any Delta writer; empty when it is missing or cannot be used as a bound.
     */
    public static Optional<Object> fromJson(Type type, JsonNode node, boolean isMax)
    {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return Optional.empty();
        }
        try {
            if (type.equals(TINYINT) || type.equals(SMALLINT) || type.equals(INTEGER) || type.equals(BIGINT)) {
                return node.canConvertToLong() ? Optional.of(node.asLong()) : Optional.empty();
            }
            if (type.equals(REAL)) {
                float real = (float) node.asDouble();
                return !node.isNumber() || Float.isNaN(real) ? Optional.empty() : Optional.of((long) floatToRawIntBits(real));
            }
            if (type.equals(DOUBLE)) {
                return !node.isNumber() || Double.isNaN(node.asDouble()) ? Optional.empty() : Optional.of(node.asDouble());
            }
            if (type instanceof DecimalType decimal) {
                BigDecimal number = new BigDecimal(node.asText());
                BigDecimal rescaled = number.setScale(decimal.getScale(), isMax ? java.math.RoundingMode.CEILING : java.math.RoundingMode.FLOOR);
                if (rescaled.precision() > decimal.getPrecision()) {
                    return Optional.empty();
                }
                return Optional.of(decimal.isShort() ? rescaled.unscaledValue().longValueExact() : Int128.valueOf(rescaled.unscaledValue()));
            }
            if (type instanceof VarcharType) {
                String text = node.asText();
                // another writer may have truncated a maximum; without the protocol's tie-breaker it is unusable
                if (isMax && text.codePointCount(0, text.length()) >= MAX_STRING_LENGTH) {
                    return Optional.empty();
                }
                return Optional.of(Slices.utf8Slice(text));
            }
            if (type.equals(DATE)) {
                return Optional.of(LocalDate.parse(node.asText()).toEpochDay());
            }
            if (type.equals(TIMESTAMP_MICROS)) {
                LocalDateTime time = LocalDateTime.parse(node.asText());
                long micros = time.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + time.getNano() / 1000;
                // writers that keep only milliseconds truncate the maximum: widen it to stay an upper bound
                if (isMax && time.getNano() % 1_000_000 == 0) {
                    micros += 999;
                }
                return Optional.of(micros);
            }
            if (type.equals(TIMESTAMP_TZ_MILLIS)) {
                long millis = Instant.parse(normalizeInstant(node.asText())).toEpochMilli();
                return Optional.of(packDateTimeWithZone(millis, UTC_KEY));
            }
        }
        catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String normalizeInstant(String text)
    {
        // Spark writes e.g. 2021-01-01T00:00:00.000-08:00 or 2021-01-01T00:00:00.000Z
        return java.time.OffsetDateTime.parse(text).toInstant().toString();
    }
}
