package dev.lakehouse.stats;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.trino.spi.Page;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.Type;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

final class TestStatisticsJson
{
    private static final DecimalType SHORT_DECIMAL = DecimalType.createDecimalType(10, 2);
    private static final DecimalType LONG_DECIMAL = DecimalType.createDecimalType(30, 5);

    @Test
    void testCollectAndRoundTrip()
    {
        List<String> names = ImmutableList.of("id", "price", "name", "day", "at", "instant", "small", "large");
        List<Type> types = ImmutableList.of(BIGINT, DOUBLE, VARCHAR, DATE, TIMESTAMP_MICROS, TIMESTAMP_TZ_MILLIS, SHORT_DECIMAL, LONG_DECIMAL);
        FileStatisticsCollector collector = new FileStatisticsCollector(names, types);
        collector.addPage(page(types,
                row(5L, 2.5, utf8Slice("pear"), 19000L, 1_700_000_000_123_456L, packDateTimeWithZone(1_700_000_000_123L, UTC_KEY), 1234L, Int128.valueOf(-5)),
                row(-3L, null, utf8Slice("apple"), 18000L, 0L, packDateTimeWithZone(0, UTC_KEY), -99L, Int128.valueOf(123456789)),
                row(null, 7.0, null, null, null, null, null, null)));
        FileStatistics statistics = collector.build();

        assertThat(statistics.numRecords()).contains(3L);
        assertThat(statistics.min("id")).contains(-3L);
        assertThat(statistics.max("id")).contains(5L);
        assertThat(statistics.nullCount("id")).contains(1L);
        assertThat(statistics.min("name")).contains(utf8Slice("apple"));

        Map<String, Type> columnTypes = ImmutableMap.of("id", BIGINT, "price", DOUBLE, "name", VARCHAR, "day", DATE, "at", TIMESTAMP_MICROS, "instant", TIMESTAMP_TZ_MILLIS, "small", SHORT_DECIMAL, "large", LONG_DECIMAL);
        String json = StatisticsJson.serialize(statistics, columnTypes);
        assertThat(json)
                .contains("\"day\":\"2022-01-08\"")
                .contains("\"at\":\"2023-11-14T22:13:20.123456\"")
                .contains("\"instant\":\"2023-11-14T22:13:20.123Z\"")
                .contains("\"small\":12.34");
        FileStatistics parsed = StatisticsJson.parse(Optional.of(json), columnTypes);
        assertThat(parsed).isEqualTo(statistics);
    }

    @Test
    void testLongStringsKeepAMinimumPrefixAndNoMaximum()
    {
        String longValue = "x".repeat(40);
        FileStatisticsCollector collector = new FileStatisticsCollector(ImmutableList.of("s"), ImmutableList.of(VARCHAR));
        collector.addPage(page(ImmutableList.of(VARCHAR), row(utf8Slice(longValue))));
        String json = StatisticsJson.serialize(collector.build(), ImmutableMap.of("s", VARCHAR));
        FileStatistics parsed = StatisticsJson.parse(Optional.of(json), ImmutableMap.of("s", VARCHAR));
        assertThat(parsed.min("s")).contains(utf8Slice("x".repeat(StatisticsValues.MAX_STRING_LENGTH)));
        assertThat(parsed.max("s")).isEmpty();
    }

    @Test
    void testNaNDropsMinAndMax()
    {
        FileStatisticsCollector collector = new FileStatisticsCollector(ImmutableList.of("d"), ImmutableList.of(DOUBLE));
        collector.addPage(page(ImmutableList.of(DOUBLE), row(1.0), row(Double.NaN), row(3.0)));
        FileStatistics statistics = collector.build();
        assertThat(statistics.min("d")).isEmpty();
        assertThat(statistics.max("d")).isEmpty();
        assertThat(statistics.nullCount("d")).contains(0L);
    }

    @Test
    void testLongDecimalsKeepAllTheirDigits()
    {
        String json = "{\"numRecords\":2,\"minValues\":{\"large\":-12345678901234567890.12345},\"maxValues\":{\"large\":99999999999999999999999.99999}}";
        FileStatistics parsed = StatisticsJson.parse(Optional.of(json), ImmutableMap.of("large", LONG_DECIMAL));
        assertThat(parsed.min("large")).contains(Int128.valueOf(new java.math.BigInteger("-1234567890123456789012345")));
        assertThat(parsed.max("large")).contains(Int128.valueOf(new java.math.BigInteger("9999999999999999999999999999")));
    }

    @Test
    void testStatisticsOfOtherWriters()
    {
        // Spark writes timestamps with milliseconds and an offset; a truncated maximum must stay an upper bound
        String spark = "{\"numRecords\":2,\"minValues\":{\"at\":\"2021-01-01T00:00:00.000-08:00\",\"ntz\":\"2021-01-01T00:00:00.000\"}," +
                "\"maxValues\":{\"at\":\"2021-01-02T00:00:00.000Z\",\"ntz\":\"2021-01-02T00:00:00.000\"},\"nullCount\":{\"at\":0,\"ntz\":1}}";
        FileStatistics parsed = StatisticsJson.parse(Optional.of(spark), ImmutableMap.of("at", TIMESTAMP_TZ_MILLIS, "ntz", TIMESTAMP_MICROS));
        assertThat(parsed.min("at")).contains(packDateTimeWithZone(1_609_488_000_000L, UTC_KEY));
        assertThat(parsed.max("ntz")).contains(1_609_545_600_000_000L + 999);
        assertThat(parsed.nullCount("ntz")).contains(1L);
        assertThat(StatisticsJson.parse(Optional.of("not json"), ImmutableMap.of("at", TIMESTAMP_TZ_MILLIS))).isEqualTo(FileStatistics.EMPTY);
    }

    private static Object[] row(Object... values)
    {
        return values;
    }

    private static Page page(List<Type> types, Object[]... rows)
    {
        BlockBuilder[] builders = new BlockBuilder[types.size()];
        for (int column = 0; column < types.size(); column++) {
            builders[column] = types.get(column).createBlockBuilder(null, rows.length);
            for (Object[] row : rows) {
                writeNativeValue(types.get(column), builders[column], row[column]);
            }
        }
        return new Page(rows.length, java.util.Arrays.stream(builders).map(BlockBuilder::build).toArray(io.trino.spi.block.Block[]::new));
    }
}
