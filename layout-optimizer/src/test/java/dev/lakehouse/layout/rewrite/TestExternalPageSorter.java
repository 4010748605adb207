package dev.lakehouse.layout.rewrite;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.layout.rewrite.SortTestData.KeyedPage;
import dev.lakehouse.layout.rewrite.SortTestData.Row;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.LongArrayBlock;
import io.trino.spi.type.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static dev.lakehouse.layout.rewrite.SortTestData.ALL_TYPES;
import static dev.lakehouse.layout.rewrite.SortTestData.randomPages;
import static dev.lakehouse.layout.rewrite.SortTestData.rows;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestExternalPageSorter
{
    private static final Location SPILL = Location.of("local:///spill");
    private static final Comparator<Row> BY_KEY = (left, right) -> {
        int result = Long.compareUnsigned(left.high(), right.high());
        return result != 0 ? result : Long.compareUnsigned(left.low(), right.low());
    };
    private static final Comparator<Row> BY_ID = Comparator.comparingLong(row -> (Long) row.values().getFirst());

    @TempDir
    Path directory;

    @Test
    void testInMemory()
            throws IOException
    {
        assertSorted(new Random(1), 20, 300, 1L << 40, 0);
    }

    @Test
    void testSpilledRuns()
            throws IOException
    {
        // a tiny limit: many runs, the last part of the input stays in memory
        List<Row> output = assertSorted(new Random(2), 60, 400, 64 * 1024, 5);
        assertThat(output).hasSizeGreaterThan(10_000);
    }

    @Test
    void testEveryPageSpilled()
            throws IOException
    {
        // each page on its own exceeds the limit: every add spills, the merge reads runs only
        assertSorted(new Random(3), 15, 200, 1, 10);
    }

    @Test
    void testKeysWithSignBitSortAfterOthers()
            throws IOException
    {
        List<Type> types = ImmutableList.of(BIGINT);
        Page page = new Page(new LongArrayBlock(4, Optional.empty(), new long[] {0, 1, 2, 3}));
        long[] high = {Long.MIN_VALUE, 0, -1, 0};
        long[] low = {0, -1, 5, 1};
        for (long limit : new long[] {1L << 30, 1}) {
            List<Long> ids = new ArrayList<>();
            try (ExternalPageSorter sorter = sorter(types, limit)) {
                sorter.add(page, high, low);
                sorter.add(page.getRegion(1, 1), new long[] {0}, new long[] {0});
                sorter.finish(out -> {
                    for (int position = 0; position < out.getPositionCount(); position++) {
                        ids.add(BIGINT.getLong(out.getBlock(0), position));
                    }
                });
            }
            // (0,0) < (0,1) < (0,2^64-1) < (2^63,0) < (2^64-1,5)
            assertThat(ids).containsExactly(1L, 3L, 1L, 0L, 2L);
        }
    }

    @Test
    void testEmptyInput()
            throws IOException
    {
        List<Page> output = new ArrayList<>();
        try (ExternalPageSorter sorter = sorter(ALL_TYPES, 1)) {
            sorter.add(new Page(0, ALL_TYPES.stream().map(type -> type.createBlockBuilder(null, 0).build()).toArray(Block[]::new)), new long[0], new long[0]);
            sorter.finish(output::add);
            assertThat(sorter.spilledRuns()).isZero();
        }
        assertThat(output).isEmpty();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void testFilesDeletedWithoutFinish()
            throws IOException
    {
        ExternalPageSorter sorter = sorter(ALL_TYPES, 16 * 1024);
        for (KeyedPage page : randomPages(ALL_TYPES, new Random(4), 20, 300, 0)) {
            sorter.add(page.page(), page.high(), page.low());
        }
        assertThat(sorter.spilledRuns()).isGreaterThan(1);
        assertThat(spillFiles()).hasSize(sorter.spilledRuns());
        assertThat(sorter.retainedBytes()).isPositive();
        sorter.close();
        sorter.close();
        assertThat(spillFiles()).isEmpty();
        assertThatThrownBy(() -> sorter.add(randomPages(ALL_TYPES, new Random(5), 1, 1, 0).getFirst().page(), new long[1], new long[1]))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void testFilesDeletedAfterFailedFinish()
            throws IOException
    {
        ExternalPageSorter sorter = sorter(ALL_TYPES, 16 * 1024);
        for (KeyedPage page : randomPages(ALL_TYPES, new Random(6), 20, 300, 0)) {
            sorter.add(page.page(), page.high(), page.low());
        }
        assertThat(sorter.spilledRuns()).isGreaterThan(1);
        assertThatThrownBy(() -> sorter.finish(_ -> {
            throw new IllegalStateException("sink failed");
        }))
                .hasMessage("sink failed");
        assertThat(sorter.retainedBytes()).isPositive();
        sorter.close();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void testOutputPagesAreBounded()
            throws IOException
    {
        List<Type> types = ImmutableList.of(BIGINT, VARCHAR);
        List<KeyedPage> pages = randomPages(types, new Random(7), 40, 2000, 0);
        for (long limit : new long[] {1L << 40, 256 * 1024}) {
            List<Page> output = new ArrayList<>();
            try (ExternalPageSorter sorter = sorter(types, limit)) {
                pages.forEach(page -> sorter.add(page.page(), page.high(), page.low()));
                sorter.finish(output::add);
            }
            assertThat(output).allSatisfy(page -> {
                assertThat(page.getPositionCount()).isBetween(1, ExternalPageSorter.MAX_PAGE_POSITIONS);
                assertThat(page.getSizeInBytes()).isLessThan(2 * 1024 * 1024);
            });
            assertThat(output.stream().mapToInt(Page::getPositionCount).sum()).isEqualTo(pages.stream().mapToInt(page -> page.page().getPositionCount()).sum());
        }
    }

    private List<Row> assertSorted(Random random, int pageCount, int maxPositions, long memoryLimit, int minimumRuns)
            throws IOException
    {
        List<KeyedPage> pages = randomPages(ALL_TYPES, random, pageCount, maxPositions, 0);
        List<Row> input = pages.stream().flatMap(page -> rows(ALL_TYPES, page).stream()).toList();
        List<Row> output = new ArrayList<>();
        try (ExternalPageSorter sorter = sorter(ALL_TYPES, memoryLimit)) {
            for (KeyedPage page : pages) {
                sorter.add(page.page(), page.high(), page.low());
            }
            assertThat(sorter.spilledRuns()).isGreaterThanOrEqualTo(minimumRuns);
            if (minimumRuns == 0) {
                assertThat(sorter.spilledRuns()).isZero();
            }
            sorter.finish(page -> {
                for (int position = 0; position < page.getPositionCount(); position++) {
                    output.add(new Row(0, 0, SortTestData.values(ALL_TYPES, page, position)));
                }
            });
        }
        assertThat(spillFiles()).isEmpty();

        // the ids in output order are the ids in key order, up to the order of equal keys
        List<Row> inputById = input.stream().sorted(BY_ID).toList();
        List<Row> outputWithKeys = output.stream()
                .map(row -> inputById.get((int) (long) (Long) row.values().getFirst()))
                .toList();
        assertThat(outputWithKeys).isSortedAccordingTo(BY_KEY);
        // every row exactly once, with exactly the values it had
        assertThat(output.stream().sorted(BY_ID).map(Row::values).toList())
                .isEqualTo(inputById.stream().map(Row::values).toList());
        return output;
    }

    private ExternalPageSorter sorter(List<Type> types, long memoryLimit)
    {
        TrinoFileSystem fileSystem = new LocalFileSystem(directory);
        return new ExternalPageSorter(types, memoryLimit, fileSystem, SPILL);
    }

    private List<Path> spillFiles()
            throws IOException
    {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
