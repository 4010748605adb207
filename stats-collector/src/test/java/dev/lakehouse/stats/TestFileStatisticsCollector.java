package dev.lakehouse.stats;

import io.airlift.slice.Slice;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.DictionaryBlock;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.type.Type;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's min/max/null counts equal those computed naively from the values, whatever the block encoding.
 */
final class TestFileStatisticsCollector
{
    private final Random random = new Random(7);

    @Test
    void testMatchesNaiveStatistics()
    {
        List<String> names = List.of("b", "d", "x", "s", "dictionary", "rle", "i", "small", "tiny", "long_dictionary", "long_rle", "prefixed");
        List<Type> types = List.of(BIGINT, DATE, DOUBLE, VARCHAR, VARCHAR, VARCHAR, INTEGER, SMALLINT, TINYINT, BIGINT, BIGINT, VARCHAR);
        FileStatisticsCollector collector = new FileStatisticsCollector(names, types);
        List<List<Object>> columns = new ArrayList<>();
        types.forEach(_ -> columns.add(new ArrayList<>()));
        for (int page = 0; page < 20; page++) {
            int rows = 1 + random.nextInt(300);
            Block[] blocks = new Block[types.size()];
            blocks[0] = longs(BIGINT, rows, columns.get(0), () -> random.nextLong());
            blocks[1] = longs(DATE, rows, columns.get(1), () -> (long) random.nextInt(40000) - 20000);
            blocks[2] = doubles(rows, columns.get(2));
            blocks[3] = strings(rows, columns.get(3));
            List<Object> dictionaryValues = new ArrayList<>();
            Block dictionary = strings(10, dictionaryValues);
            int[] ids = new int[rows];
            for (int row = 0; row < rows; row++) {
                ids[row] = random.nextInt(10);
                columns.get(4).add(dictionaryValues.get(ids[row]));
            }
            blocks[4] = DictionaryBlock.create(rows, dictionary, ids);
            List<Object> single = new ArrayList<>();
            blocks[5] = RunLengthEncodedBlock.create(strings(1, single), rows);
            for (int row = 0; row < rows; row++) {
                columns.get(5).add(single.getFirst());
            }
            blocks[6] = longs(INTEGER, rows, columns.get(6), () -> random.nextInt());
            blocks[7] = longs(SMALLINT, rows, columns.get(7), () -> (short) random.nextInt());
            blocks[8] = longs(TINYINT, rows, columns.get(8), () -> (byte) random.nextInt());
            List<Object> longDictionaryValues = new ArrayList<>();
            Block longDictionary = longs(BIGINT, 10, longDictionaryValues, () -> random.nextLong());
            for (int row = 0; row < rows; row++) {
                columns.get(9).add(longDictionaryValues.get(ids[row]));
            }
            blocks[9] = DictionaryBlock.create(rows, longDictionary, ids);
            // a run of one value, or of NULL every third page
            List<Object> run = new ArrayList<>();
            Block runValue = page % 3 == 0 ? BIGINT.createBlockBuilder(null, 1).appendNull().build() : longs(BIGINT, 1, run, () -> random.nextLong());
            if (run.isEmpty()) {
                run.add(null);
            }
            for (int row = 0; row < rows; row++) {
                columns.get(10).add(run.getFirst());
            }
            blocks[10] = RunLengthEncodedBlock.create(runValue, rows);
            blocks[11] = strings(rows, columns.get(11), "prefix-" + (char) ('a' + random.nextInt(2)), "ab\0é");
            collector.addPage(new Page(rows, blocks));
        }

        FileStatistics statistics = collector.build();
        for (int column = 0; column < names.size(); column++) {
            List<Object> values = columns.get(column);
            List<Object> present = values.stream().filter(Objects::nonNull).toList();
            Comparator<Object> order = ValueOrdering.comparator(types.get(column));
            assertThat(statistics.nullCount(names.get(column))).as(names.get(column)).contains((long) (values.size() - present.size()));
            assertThat(statistics.min(names.get(column))).as(names.get(column)).contains(present.stream().min(order).orElseThrow());
            assertThat(statistics.max(names.get(column))).as(names.get(column)).contains(present.stream().max(order).orElseThrow());
        }
        assertThat(statistics.numRecords()).contains((long) columns.getFirst().size());
    }

    private Block longs(Type type, int rows, List<Object> values, java.util.function.LongSupplier next)
    {
        BlockBuilder builder = type.createBlockBuilder(null, rows);
        for (int row = 0; row < rows; row++) {
            if (random.nextInt(10) == 0) {
                builder.appendNull();
                values.add(null);
                continue;
            }
            long value = next.getAsLong();
            type.writeLong(builder, value);
            values.add(value);
        }
        return builder.build();
    }

    private Block doubles(int rows, List<Object> values)
    {
        BlockBuilder builder = DOUBLE.createBlockBuilder(null, rows);
        for (int row = 0; row < rows; row++) {
            if (random.nextInt(10) == 0) {
                builder.appendNull();
                values.add(null);
                continue;
            }
            double value = random.nextGaussian() * 1000;
            DOUBLE.writeDouble(builder, value);
            values.add(value);
        }
        return builder.build();
    }

    // strings of mixed length, with non-ASCII characters whose UTF-8 bytes sort above ASCII ones
    private Block strings(int rows, List<Object> values)
    {
        return strings(rows, values, "", "abcXYZ09 é€");
    }

    private Block strings(int rows, List<Object> values, String prefix, String alphabet)
    {
        BlockBuilder builder = VARCHAR.createBlockBuilder(null, rows);
        for (int row = 0; row < rows; row++) {
            if (rows > 1 && random.nextInt(10) == 0) {
                builder.appendNull();
                values.add(null);
                continue;
            }
            StringBuilder text = new StringBuilder(prefix);
            for (int length = random.nextInt(12); length > 0; length--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Slice value = utf8Slice(text.toString());
            VARCHAR.writeSlice(builder, value);
            values.add(value);
        }
        return builder.build();
    }
}
