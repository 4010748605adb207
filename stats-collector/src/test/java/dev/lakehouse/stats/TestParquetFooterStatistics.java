package dev.lakehouse.stats;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import io.trino.parquet.writer.ParquetSchemaConverter;
import io.trino.parquet.writer.ParquetWriter;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Type;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.FileMetaData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static io.trino.spi.type.VarcharType.createVarcharType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statistics read from the footer of a file written by Trino's Parquet writer are the statistics the collector computes
 * from the same rows, for every covered type, over several row groups, with NULLs, NaN, negative numbers and strings
 * longer than Parquet's statistics keep.
 */
final class TestParquetFooterStatistics
{
    private static final List<String> NAMES = List.of("big", "int", "small", "tiny", "day", "ts", "dec_int", "dec_long", "real_value", "double_value", "text", "short_text", "nan_double", "nan_real", "all_null", "long_text", "late_values");
    private static final List<Type> TYPES = List.of(BIGINT, INTEGER, SMALLINT, TINYINT, DATE, TIMESTAMP_MICROS, DecimalType.createDecimalType(9, 2), DecimalType.createDecimalType(18, 4), REAL, DOUBLE, VARCHAR, createVarcharType(10), DOUBLE, REAL, BIGINT, VARCHAR, DOUBLE);

    private final Random random = new Random(11);

    @Test
    void testEqualsCollectedStatistics()
            throws IOException
    {
        FileStatisticsCollector collector = new FileStatisticsCollector(NAMES, TYPES);
        ParquetWriter writer = newWriter(NAMES, TYPES, new ByteArrayOutputStream());
        int pages = 30;
        for (int page = 0; page < pages; page++) {
            int rows = 1 + random.nextInt(500);
            boolean lastPage = page == pages - 1;
            Block[] blocks = new Block[TYPES.size()];
            blocks[0] = longs(BIGINT, rows, _ -> random.nextLong());
            blocks[1] = longs(INTEGER, rows, _ -> random.nextInt());
            blocks[2] = longs(SMALLINT, rows, _ -> (short) random.nextInt());
            blocks[3] = longs(TINYINT, rows, _ -> (byte) random.nextInt());
            blocks[4] = longs(DATE, rows, _ -> random.nextInt(80_000) - 40_000);
            blocks[5] = longs(TIMESTAMP_MICROS, rows, _ -> random.nextLong(-4_000_000_000_000_000L, 4_000_000_000_000_000L));
            blocks[6] = longs(TYPES.get(6), rows, _ -> random.nextInt(-999_999_999, 1_000_000_000));
            blocks[7] = longs(TYPES.get(7), rows, _ -> random.nextLong(-999_999_999_999_999_999L, 1_000_000_000_000_000_000L));
            blocks[8] = reals(rows, _ -> (float) random.nextGaussian() * 1e6f);
            blocks[9] = doubles(rows, _ -> random.nextGaussian() * 1e12);
            blocks[10] = strings(VARCHAR, rows, _ -> randomText(random.nextInt(40)));
            blocks[11] = strings(TYPES.get(11), rows, _ -> randomText(random.nextInt(11)));
            // NaN once, in the last page: the file has no min/max for these columns, but still its null counts
            blocks[12] = doubles(rows, row -> lastPage && row == 0 ? Double.NaN : random.nextDouble());
            blocks[13] = reals(rows, row -> lastPage && row == 0 ? Float.NaN : random.nextFloat());
            blocks[14] = nulls(BIGINT, rows);
            // past the 1 kB of a value that Parquet's statistics keep
            blocks[15] = strings(VARCHAR, rows, _ -> randomText(1000 + random.nextInt(200)));
            // NULL until the second half: the first row groups have no values
            blocks[16] = page < pages / 2 ? nulls(DOUBLE, rows) : doubles(rows, _ -> -random.nextDouble());
            Page data = new Page(rows, blocks);
            collector.addPage(data);
            writer.write(data);
        }
        writer.close();
        FileMetaData footer = writer.getFileMetaData();
        assertThat(footer.getRow_groups()).as("row groups").hasSizeGreaterThan(3);

        Map<String, Type> columns = columnTypes(NAMES, TYPES);
        FileStatistics fromFooter = ParquetFooterStatistics.read(footer, columns);
        FileStatistics collected = collector.build();
        assertThat(StatisticsJson.serialize(fromFooter, columns)).isEqualTo(StatisticsJson.serialize(collected, columns));
        // and the comparison is not vacuous
        assertThat(fromFooter.numRecords()).isEqualTo(collected.numRecords());
        assertThat(fromFooter.min("nan_double")).isEmpty();
        assertThat(fromFooter.min("nan_real")).isEmpty();
        assertThat(fromFooter.nullCount("nan_double")).isPresent();
        assertThat(fromFooter.min("all_null")).isEmpty();
        assertThat(fromFooter.nullCount("all_null")).isEqualTo(collected.numRecords());
        for (String name : List.of("big", "int", "small", "tiny", "day", "ts", "dec_int", "dec_long", "real_value", "double_value", "text", "short_text", "long_text", "late_values")) {
            assertThat(fromFooter.min(name)).as(name).isPresent();
            assertThat(fromFooter.nullCount(name)).as(name).hasValueSatisfying(count -> assertThat(count).isPositive());
        }
    }

    @Test
    void testCoveredTypes()
    {
        assertThat(TYPES.stream().filter(ParquetFooterStatistics::covers)).containsExactlyElementsOf(TYPES);
        // long decimals, booleans, binaries (and nested types, time zones) are the collector's
        assertThat(ParquetFooterStatistics.covers(DecimalType.createDecimalType(30, 2))).isFalse();
        assertThat(ParquetFooterStatistics.covers(BOOLEAN)).isFalse();
        assertThat(ParquetFooterStatistics.covers(VARBINARY)).isFalse();
    }

    private static ParquetWriter newWriter(List<String> names, List<Type> types, ByteArrayOutputStream output)
    {
        ParquetSchemaConverter schema = new ParquetSchemaConverter(types, names, false, false);
        // small row groups and pages: statistics of many chunks are merged
        ParquetWriterOptions options = ParquetWriterOptions.builder()
                .setMaxBlockSize(DataSize.ofBytes(64 * 1024))
                .setMaxPageSize(DataSize.ofBytes(8 * 1024))
                .build();
        return new ParquetWriter(output, schema.getMessageType(), schema.getPrimitiveTypes(), options, CompressionCodec.SNAPPY, "test", Optional.empty(), Optional.empty());
    }

    private static Map<String, Type> columnTypes(List<String> names, List<Type> types)
    {
        ImmutableMap.Builder<String, Type> columns = ImmutableMap.builder();
        for (int i = 0; i < names.size(); i++) {
            columns.put(names.get(i), types.get(i));
        }
        return columns.buildOrThrow();
    }

    private String randomText(int length)
    {
        String alphabet = "abcXYZ09 é€\0";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private boolean isNull()
    {
        return random.nextInt(10) == 0;
    }

    private Block longs(Type type, int rows, IntToLongFunction values)
    {
        BlockBuilder builder = type.createBlockBuilder(null, rows);
        for (int row = 0; row < rows; row++) {
            if (isNull()) {
                builder.appendNull();
            }
            else {
                type.writeLong(builder, values.applyAsLong(row));
            }
        }
        return builder.build();
    }

    private Block reals(int rows, IntFunction<Float> values)
    {
        BlockBuilder builder = REAL.createBlockBuilder(null, rows);
        for (int row = 0; row < rows; row++) {
            float value = values.apply(row);
            // a NaN is always written
            if (!Float.isNaN(value) && isNull()) {
                builder.appendNull();
            }
            else {
                REAL.writeLong(builder, Float.floatToRawIntBits(value));
            }
        }
        return builder.build();
    }

    private Block doubles(int rows, IntFunction<Double> values)
    {
        BlockBuilder builder = DOUBLE.createBlockBuilder(null, rows);
        for (int row = 0; row < rows; row++) {
            double value = values.apply(row);
            // a NaN is always written
            if (!Double.isNaN(value) && isNull()) {
                builder.appendNull();
            }
            else {
                DOUBLE.writeDouble(builder, value);
            }
        }
        return builder.build();
    }

    private Block strings(Type type, int rows, IntFunction<String> values)
    {
        BlockBuilder builder = type.createBlockBuilder(null, rows);
        for (int row = 0; row < rows; row++) {
            if (isNull()) {
                builder.appendNull();
            }
            else {
                type.writeSlice(builder, utf8Slice(values.apply(row)));
            }
        }
        return builder.build();
    }

    private static Block nulls(Type type, int rows)
    {
        BlockBuilder builder = type.createBlockBuilder(null, rows);
        for (int row = 0; row < rows; row++) {
            builder.appendNull();
        }
        return builder.build();
    }
}
