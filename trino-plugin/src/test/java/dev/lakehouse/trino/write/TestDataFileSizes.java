package dev.lakehouse.trino.write;

import dev.lakehouse.transactionlog.actions.AddFileEntry;
import dev.lakehouse.trino.ParquetFooters;
import io.trino.filesystem.Location;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.spi.Page;
import io.trino.spi.block.BlockBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files written by the page sink land within 20% of the target size whatever the data does to the Parquet writer's
 * size estimate: dictionaries it does not count, compression that shrinks what it counts, tiny or large pages.
 */
final class TestDataFileSizes
{
    private static final long TARGET = 256 * 1024;
    private static final int ROWS = 600_000;

    @TempDir
    Path directory;

    @ParameterizedTest
    @CsvSource({
            "DICTIONARY, 40, false",
            "DICTIONARY, 4096, false",
            "UNIQUE_TEXT, 40, false",
            "UNIQUE_TEXT, 4096, false",
            "COMPRESSIBLE, 40, false",
            "COMPRESSIBLE, 4096, false",
            // files of a clustering run: 16 row groups each
            "DICTIONARY, 4096, true",
            "UNIQUE_TEXT, 4096, true",
            "COMPRESSIBLE, 4096, true",
    })
    void testFilesAreWithinTwentyPercentOfTheTarget(Shape shape, int rowsPerPage, boolean sorted)
            throws Exception
    {
        Location table = Location.of("local:///" + directory.toString().substring(1));
        LakehousePageSink sink = new LakehousePageSink(new LocalFileSystem(Path.of("/")), table, SmallFileRows.COLUMNS, TARGET, sorted, WriteCompression.uniform(DataFileCompression.ZSTD), "sizes", "test");
        Random random = new Random(42);
        for (int first = 0; first < ROWS; first += rowsPerPage) {
            sink.appendPage(page(shape, first, rowsPerPage, random));
        }
        List<AddFileEntry> files = DataFileFragments.parse(sink.finish().get());

        List<Long> sizes = files.stream().map(AddFileEntry::size).sorted().toList();
        for (AddFileEntry file : files) {
            assertThat(Files.size(directory.resolve(file.path()))).isEqualTo(file.size());
        }
        // all but the smallest, which holds what was left
        List<Long> full = sizes.subList(1, sizes.size());
        assertThat(full).as("%s, %s rows per page: sizes %s", shape, rowsPerPage, sizes).hasSizeGreaterThanOrEqualTo(2);
        assertThat(full).as("%s, %s rows per page: sizes %s", shape, rowsPerPage, sizes)
                .allSatisfy(size -> assertThat((double) size).isBetween(TARGET * 0.8, TARGET * 1.2));
        // every full file has at least about the row groups asked for (more where the writer's own limits cut them
        // smaller, as for very compressible rows)
        int rowGroups = sorted ? FileSizeCalibration.SORTED_ROW_GROUPS_PER_FILE : FileSizeCalibration.ROW_GROUPS_PER_FILE;
        for (AddFileEntry file : files.stream().filter(file -> file.size() > TARGET * 0.8).toList()) {
            assertThat(rowGroupCount(directory.resolve(file.path()))).as("row groups of %s (%s bytes)", file.path(), file.size()).isGreaterThanOrEqualTo(rowGroups - rowGroups / 4);
        }
    }

    private static int rowGroupCount(Path path)
            throws IOException
    {
        return ParquetFooters.read(path).getBlocks().size();
    }

    enum Shape
    {
        /** Unique ids, 100,000 amounts, 977 labels: dictionaries are most of each row group. */
        DICTIONARY,
        /** Unique, incompressible text: the writer falls back from dictionaries to plain encoding. */
        UNIQUE_TEXT,
        /** Few distinct values: dictionaries and compression make row groups much smaller than estimated. */
        COMPRESSIBLE,
    }

    private static Page page(Shape shape, int first, int rows, Random random)
    {
        if (shape == Shape.DICTIONARY) {
            return SmallFileRows.page(first, rows);
        }
        BlockBuilder ids = BIGINT.createBlockBuilder(null, rows);
        BlockBuilder amounts = DOUBLE.createBlockBuilder(null, rows);
        BlockBuilder labels = VARCHAR.createBlockBuilder(null, rows);
        for (long id = first; id < first + rows; id++) {
            switch (shape) {
                case UNIQUE_TEXT -> {
                    BIGINT.writeLong(ids, random.nextLong());
                    DOUBLE.writeDouble(amounts, random.nextDouble());
                    VARCHAR.writeSlice(labels, utf8Slice(Long.toString(random.nextLong(), 36) + Long.toString(random.nextLong(), 36)));
                }
                case DICTIONARY -> throw new IllegalStateException("built above");
                case COMPRESSIBLE -> {
                    BIGINT.writeLong(ids, random.nextInt(1000));
                    DOUBLE.writeDouble(amounts, random.nextInt(100));
                    VARCHAR.writeSlice(labels, utf8Slice("one of twenty long and repetitive labels, number " + random.nextInt(20)));
                }
            }
        }
        return new Page(ids.build(), amounts.build(), labels.build());
    }
}
